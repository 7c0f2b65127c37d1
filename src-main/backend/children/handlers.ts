import type { DB } from '@db/schema'
import type { childChannels } from '@shared/contract/children'
import type { Kysely } from 'kysely'
import { writeAudit } from '../audit/service'
import type { StaffContext } from '../context'
import { inTransaction } from '../db/transaction'
import type { HandlersOf } from '../ipc/handler-types'
import { AUTHORIZED_PERSON, HEALTH_CONDITION, VACCINATION } from '../records/entities'
import { canSeeHealth } from '../settings/service'
import { findChildId, readChildFile } from './read'
import {
  addAuthorizedPerson,
  addHealthCondition,
  addVaccination,
  createChild,
  deleteChildRecord,
  updateAuthorizedPerson,
  updateChildFields,
  updateHealthCondition,
  updateVaccination,
} from './service'

/** The child's file after a change, with health data when the role allows it. */
async function fileAfter(ctx: StaffContext, childId: number) {
  return readChildFile(ctx.db, childId, await canSeeHealth(ctx.db, ctx.actor))
}

/** Opening a file: each look at a child's health data is recorded in the audit log (CNIL). */
async function openFile(ctx: StaffContext, childId: number) {
  const withHealth = await canSeeHealth(ctx.db, ctx.actor)
  const file = await readChildFile(ctx.db, childId, withHealth)
  if (withHealth)
    await writeAudit(ctx.db, ctx.actor, ctx.clock, {
      action: 'child.health.view',
      entityType: 'child',
      entityId: childId,
      familyId: file.familyId,
      childId,
      note: 'Consultation des données de santé',
    })
  return file
}

/** Runs one change in its own transaction and answers with the child's file. */
async function change(ctx: StaffContext, work: (trx: Kysely<DB>) => Promise<number>) {
  const childId = await inTransaction(ctx.db, work)
  return fileAfter(ctx, childId)
}

export const childHandlers = {
  'children/get': (ctx, { id }) => openFile(ctx, id),
  'children/getByIdentifier': async (ctx, { identifier }) =>
    openFile(ctx, await findChildId(ctx.db, identifier)),
  'children/create': (ctx, input) =>
    change(ctx, (trx) => createChild(trx, ctx, input.familyId, input.identifier, input.values)),
  'children/update': (ctx, input) =>
    change(ctx, async (trx) => {
      await updateChildFields(trx, ctx, input.id, input.patch, { expectedVersion: input.version })
      return input.id
    }),
  'authorizedPersons/add': (ctx, input) =>
    change(
      ctx,
      async (trx) => (await addAuthorizedPerson(trx, ctx, input.childId, input.values)).child_id as number,
    ),
  'authorizedPersons/update': (ctx, input) =>
    change(ctx, async (trx) => {
      const { row } = await updateAuthorizedPerson(trx, ctx, input.id, input.patch, {
        expectedVersion: input.version,
      })
      return row.child_id as number
    }),
  'authorizedPersons/delete': (ctx, input) =>
    change(ctx, async (trx) => {
      const row = await deleteChildRecord(trx, ctx, AUTHORIZED_PERSON, input.id, {
        expectedVersion: input.version,
      })
      return row.child_id as number
    }),
  'vaccinations/add': (ctx, input) =>
    change(
      ctx,
      async (trx) => (await addVaccination(trx, ctx, input.childId, input.values)).child_id as number,
    ),
  'vaccinations/update': (ctx, input) =>
    change(ctx, async (trx) => {
      const { row } = await updateVaccination(trx, ctx, input.id, input.patch, {
        expectedVersion: input.version,
      })
      return row.child_id as number
    }),
  'vaccinations/delete': (ctx, input) =>
    change(ctx, async (trx) => {
      const row = await deleteChildRecord(trx, ctx, VACCINATION, input.id, { expectedVersion: input.version })
      return row.child_id as number
    }),
  'healthConditions/add': (ctx, input) =>
    change(
      ctx,
      async (trx) => (await addHealthCondition(trx, ctx, input.childId, input.values)).child_id as number,
    ),
  'healthConditions/update': (ctx, input) =>
    change(ctx, async (trx) => {
      const { row } = await updateHealthCondition(trx, ctx, input.id, input.patch, {
        expectedVersion: input.version,
      })
      return row.child_id as number
    }),
  'healthConditions/delete': (ctx, input) =>
    change(ctx, async (trx) => {
      const row = await deleteChildRecord(trx, ctx, HEALTH_CONDITION, input.id, {
        expectedVersion: input.version,
      })
      return row.child_id as number
    }),
} satisfies HandlersOf<typeof childChannels>
