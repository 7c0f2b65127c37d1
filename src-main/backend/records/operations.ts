import type { DB } from '@db/schema'
import { fieldByKey } from '@shared/fields/index'
import type { Kysely } from 'kysely'
import { creationValues } from '../audit/changes'
import { type FieldChange, writeAudit } from '../audit/service'
import { refreshFamilyCoverage } from '../completeness/coverage'
import type { StaffContext } from '../context'
import { notFound } from '../errors'
import { staleVersionError } from './conflict'
import { type Entity, scopeOf } from './entities'
import { type FieldValues, fromStored, rowToValues, toStored, valuesToColumns } from './values'

export interface WriteOptions {
  /** The version the staff member saw; null when no check is wanted (the request queue checks `seen` instead). */
  expectedVersion?: number | null
  /** The request this change applies, for the audit trail. */
  requestId?: number | null
  note?: string | null
}

type Row = Record<string, unknown> & { id: number; version: number }

/** Records the completeness of a child's file depends on (completeness/coverage.ts). */
const COVERAGE_TABLES = new Set(['guardians', 'children', 'authorized_persons', 'vaccinations'])

/** A change to one of them has just made the family's children's coverage unknown: compute it again now. */
async function keepCoverage(trx: Kysely<DB>, entity: Entity, familyId: number | null): Promise<void> {
  if (COVERAGE_TABLES.has(entity.table) && familyId !== null) await refreshFamilyCoverage(trx, familyId)
}

// Tables and columns come from the Entity descriptions, never from input:
// the casts below only bridge kysely's static typing of dynamic columns.
export async function loadRow(trx: Kysely<DB>, entity: Entity, id: number): Promise<Row> {
  const row = await trx
    .selectFrom(entity.table as 'families')
    .selectAll()
    .where('id', '=', id)
    .executeTakeFirst()
  if (!row) throw notFound(entity.name)
  return row as unknown as Row
}

function sameValue(a: unknown, b: unknown): boolean {
  return (a ?? null) === (b ?? null)
}

/**
 * Changes some fields of one record, in the caller's transaction: refuses a
 * stale version, writes only what differs, bumps the version and records
 * one audit entry with each field's before and after.
 */
export async function updateRecord(
  trx: Kysely<DB>,
  ctx: StaffContext,
  entity: Entity,
  id: number,
  patch: FieldValues,
  options: WriteOptions = {},
): Promise<{ row: Row; changes: FieldChange[] }> {
  const row = await loadRow(trx, entity, id)
  if (options.expectedVersion != null && row.version !== options.expectedVersion)
    throw await staleVersionError(trx, entity, id, options.expectedVersion)
  const set: Record<string, unknown> = {}
  const changes: FieldChange[] = []
  for (const [key, value] of Object.entries(patch)) {
    const spec = fieldByKey(entity.fields, key)
    if (!spec || value === undefined) continue
    const stored = toStored(spec, value)
    if (sameValue(stored, row[spec.column])) continue
    set[spec.column] = stored
    changes.push({
      field: spec.key,
      label: spec.label,
      before: fromStored(spec, row[spec.column]),
      after: value,
    })
  }
  if (changes.length === 0) return { row, changes }
  const version = row.version + 1
  const updated = await trx
    .updateTable(entity.table as 'families')
    .set({ ...set, version, updated_at: ctx.clock.now().toISOString() } as never)
    .where('id', '=', id)
    .returningAll()
    .executeTakeFirstOrThrow()
  const scope = await scopeOf(trx, entity, row)
  await writeAudit(trx, ctx.actor, ctx.clock, {
    action: `${entity.type}.update`,
    entityType: entity.type,
    entityId: id,
    entityVersion: version,
    ...scope,
    requestId: options.requestId ?? null,
    changes,
    note: options.note ?? null,
  })
  await keepCoverage(trx, entity, scope.familyId)
  return { row: updated as unknown as Row, changes }
}

/** Creates one record under its parent, with a "created" audit entry listing the values given. */
export async function insertRecord(
  trx: Kysely<DB>,
  ctx: StaffContext,
  entity: Entity,
  parentId: number | null,
  values: FieldValues,
  extraColumns: Record<string, unknown> = {},
  options: WriteOptions = {},
): Promise<Row> {
  const now = ctx.clock.now().toISOString()
  const columns = {
    ...valuesToColumns(entity.fields, values),
    ...extraColumns,
    ...(entity.parentColumn ? { [entity.parentColumn]: parentId } : {}),
    created_at: now,
    updated_at: now,
  }
  const row = (await trx
    .insertInto(entity.table as 'families')
    .values(columns as never)
    .returningAll()
    .executeTakeFirstOrThrow()) as unknown as Row
  const scope = await scopeOf(trx, entity, row)
  await writeAudit(trx, ctx.actor, ctx.clock, {
    action: `${entity.type}.create`,
    entityType: entity.type,
    entityId: row.id,
    entityVersion: row.version,
    ...scope,
    requestId: options.requestId ?? null,
    changesText: creationValues(entity.type, values, row.number ?? row.identifier),
    note: options.note ?? null,
  })
  await keepCoverage(trx, entity, scope.familyId)
  return row
}

/** Deletes one record, keeping its last values in the audit entry. */
export async function deleteRecord(
  trx: Kysely<DB>,
  ctx: StaffContext,
  entity: Entity,
  id: number,
  options: WriteOptions = {},
): Promise<Row> {
  const row = await loadRow(trx, entity, id)
  if (options.expectedVersion != null && row.version !== options.expectedVersion)
    throw await staleVersionError(trx, entity, id, options.expectedVersion)
  const scope = await scopeOf(trx, entity, row)
  const values = rowToValues(entity.fields, row)
  await trx
    .deleteFrom(entity.table as 'families')
    .where('id', '=', id)
    .execute()
  await writeAudit(trx, ctx.actor, ctx.clock, {
    action: `${entity.type}.delete`,
    entityType: entity.type,
    entityId: id,
    entityVersion: row.version + 1,
    ...scope,
    requestId: options.requestId ?? null,
    changes: entity.fields
      .filter((f) => values[f.key] !== null && values[f.key] !== false)
      .map((f) => ({ field: f.key, label: f.label, before: values[f.key], after: null })),
    note: options.note ?? null,
  })
  await keepCoverage(trx, entity, scope.familyId)
  return row
}
