import type { DB } from '@db/schema'
import type { childChannels } from '@shared/contract/children'
import { dayInFrance } from '@shared/format/date'
import type { Kysely } from 'kysely'
import type { StaffContext } from '../context'
import { inTransaction } from '../db/transaction'
import type { HandlersOf } from '../ipc/handler-types'
import { AUTHORIZED_PERSON, type Entity, HEALTH_CONDITION, VACCINATION } from '../records/entities'
import type { WriteOptions } from '../records/operations'
import type { FieldValues } from '../records/values'
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
  return readChildFile(ctx.db, childId, await canSeeHealth(ctx.db, ctx.actor), dayInFrance(ctx.clock.now()))
}

/**
 * Opening a file. Each answer holding health data is recorded in the audit
 * log by the dispatcher, as the contract declares (docs/donnees-de-sante.md).
 */
const openFile = fileAfter

/** Runs one change in its own transaction and answers with the child's file. */
async function change(ctx: StaffContext, work: (trx: Kysely<DB>) => Promise<number>) {
  const childId = await inTransaction(ctx.db, work)
  return fileAfter(ctx, childId)
}

type Add = (
  trx: Kysely<DB>,
  ctx: StaffContext,
  childId: number,
  values: FieldValues,
) => Promise<Record<string, unknown>>
type Update = (
  trx: Kysely<DB>,
  ctx: StaffContext,
  id: number,
  patch: FieldValues,
  options: WriteOptions,
) => Promise<{ row: Record<string, unknown> }>

/** Add, update and delete of one kind of record under a child, each answering with the child's file. */
function childRecordHandlers(entity: Entity, add: Add, update: Update) {
  return {
    add: (ctx: StaffContext, input: { childId: number; values: FieldValues }) =>
      change(ctx, async (trx) => Number((await add(trx, ctx, input.childId, input.values)).child_id)),
    update: (ctx: StaffContext, input: { id: number; version: number; patch: FieldValues }) =>
      change(ctx, async (trx) => {
        const { row } = await update(trx, ctx, input.id, input.patch, { expectedVersion: input.version })
        return Number(row.child_id)
      }),
    remove: (ctx: StaffContext, input: { id: number; version: number }) =>
      change(ctx, async (trx) => {
        const row = await deleteChildRecord(trx, ctx, entity, input.id, { expectedVersion: input.version })
        return Number(row.child_id)
      }),
  }
}

const persons = childRecordHandlers(AUTHORIZED_PERSON, addAuthorizedPerson, updateAuthorizedPerson)
const vaccinations = childRecordHandlers(VACCINATION, addVaccination, updateVaccination)
const conditions = childRecordHandlers(HEALTH_CONDITION, addHealthCondition, updateHealthCondition)

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
  'authorizedPersons/add': persons.add,
  'authorizedPersons/update': persons.update,
  'authorizedPersons/delete': persons.remove,
  'vaccinations/add': vaccinations.add,
  'vaccinations/update': vaccinations.update,
  'vaccinations/delete': vaccinations.remove,
  'healthConditions/add': conditions.add,
  'healthConditions/update': conditions.update,
  'healthConditions/delete': conditions.remove,
} satisfies HandlersOf<typeof childChannels>
