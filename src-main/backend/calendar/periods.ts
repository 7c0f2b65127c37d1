import type { DB } from '@db/schema'
import type { PeriodRow, periodInput } from '@shared/contract/calendar'
import type { z } from '@shared/zod'
import type { Kysely } from 'kysely'
import { writeAudit } from '../audit/service'
import type { StaffContext } from '../context'
import { inTransaction } from '../db/transaction'
import { invalidField, notFound } from '../errors'
import { changesBetween } from './audit-changes'
import { staleVersion } from './conflict'

// Closures (Fermeture) and exceptional openings of a structure or of one of
// its services over a date range (docs/calendrier.md, « Fermetures et
// ouvertures »), each change audited (entity type 'calendar_period').

type PeriodInput = z.output<typeof periodInput>

const LABELS = {
  structureId: 'Structure',
  serviceId: 'Service',
  kind: 'Type',
  startsOn: 'Du',
  endsOn: 'Au',
  label: 'Motif',
} as const

function periodsQuery(db: Kysely<DB>) {
  return db
    .selectFrom('calendar_periods as p')
    .innerJoin('structures as st', 'st.id', 'p.structure_id')
    .leftJoin('services as sv', 'sv.id', 'p.service_id')
    .select([
      'p.id',
      'p.structure_id',
      'st.name as structure_name',
      'p.service_id',
      'sv.name as service_name',
      'p.kind',
      'p.starts_on',
      'p.ends_on',
      'p.label',
      'p.version',
    ])
}

type Row = Awaited<ReturnType<ReturnType<typeof periodsQuery>['executeTakeFirstOrThrow']>>

function periodRow(r: Row): PeriodRow {
  return {
    id: r.id,
    structureId: r.structure_id,
    structureName: r.structure_name,
    serviceId: r.service_id,
    serviceName: r.service_name,
    kind: r.kind,
    startsOn: r.starts_on,
    endsOn: r.ends_on,
    label: r.label,
    version: r.version,
  }
}

export async function listPeriods(db: Kysely<DB>, structureId?: number): Promise<PeriodRow[]> {
  let q = periodsQuery(db).orderBy('p.starts_on', 'desc').orderBy('p.id')
  if (structureId !== undefined) q = q.where('p.structure_id', '=', structureId)
  return (await q.execute()).map(periodRow)
}

function values(p: {
  structure_id: number
  service_id: number | null
  kind: string
  starts_on: string
  ends_on: string
  label: string | null
}) {
  return {
    structureId: p.structure_id,
    serviceId: p.service_id,
    kind: p.kind,
    startsOn: p.starts_on,
    endsOn: p.ends_on,
    label: p.label,
  }
}

export async function savePeriod(ctx: StaffContext, input: PeriodInput): Promise<PeriodRow> {
  if (input.endsOn < input.startsOn) throw invalidField('endsOn', 'Au', 'la fin est avant le début')
  if (input.kind === 'fermeture' && !input.label)
    throw invalidField('label', 'Motif', 'obligatoire pour une fermeture (il est montré dans l’agenda)')
  const id = await inTransaction(ctx.db, async (trx) => {
    const now = ctx.clock.now().toISOString()
    const structure = await trx
      .selectFrom('structures')
      .select('id')
      .where('id', '=', input.structureId)
      .executeTakeFirst()
    if (!structure) throw notFound('Structure')
    if (input.serviceId !== null) {
      const service = await trx
        .selectFrom('services')
        .select('structure_id')
        .where('id', '=', input.serviceId)
        .executeTakeFirst()
      if (!service || service.structure_id !== input.structureId)
        throw invalidField('serviceId', 'Service', 'ce service n’est pas de cette structure')
    }
    const row = {
      structure_id: input.structureId,
      service_id: input.serviceId,
      kind: input.kind,
      starts_on: input.startsOn,
      ends_on: input.endsOn,
      label: input.label,
    }
    if (input.id === undefined) {
      const created = await trx
        .insertInto('calendar_periods')
        .values({ ...row, created_at: now, updated_at: now })
        .returning('id')
        .executeTakeFirstOrThrow()
      await writeAudit(trx, ctx.actor, ctx.clock, {
        action: `calendar_period.create`,
        entityType: 'calendar_period',
        entityId: created.id,
        entityVersion: 1,
        changes: changesBetween(LABELS, null, values(row)),
      })
      return created.id
    }
    const before = await trx
      .selectFrom('calendar_periods')
      .selectAll()
      .where('id', '=', input.id)
      .executeTakeFirst()
    if (!before) throw notFound('Période')
    const updated = await trx
      .updateTable('calendar_periods')
      .set({ ...row, updated_at: now, version: before.version + 1 })
      .where('id', '=', input.id)
      .where('version', '=', input.version ?? -1)
      .executeTakeFirst()
    if (Number(updated.numUpdatedRows) === 0) throw staleVersion('La période')
    await writeAudit(trx, ctx.actor, ctx.clock, {
      action: 'calendar_period.update',
      entityType: 'calendar_period',
      entityId: input.id,
      entityVersion: before.version + 1,
      changes: changesBetween(LABELS, values(before), values(row)),
    })
    return input.id
  })
  return periodRow(await periodsQuery(ctx.db).where('p.id', '=', id).executeTakeFirstOrThrow())
}

export async function deletePeriod(ctx: StaffContext, input: { id: number; version: number }) {
  await inTransaction(ctx.db, async (trx) => {
    const before = await trx
      .selectFrom('calendar_periods')
      .selectAll()
      .where('id', '=', input.id)
      .executeTakeFirst()
    if (!before) throw notFound('Période')
    const deleted = await trx
      .deleteFrom('calendar_periods')
      .where('id', '=', input.id)
      .where('version', '=', input.version)
      .executeTakeFirst()
    if (Number(deleted.numDeletedRows) === 0) throw staleVersion('La période')
    await writeAudit(trx, ctx.actor, ctx.clock, {
      action: 'calendar_period.delete',
      entityType: 'calendar_period',
      entityId: input.id,
      entityVersion: before.version,
      changes: changesBetween(LABELS, values(before), null),
    })
  })
  return { deleted: true as const }
}
