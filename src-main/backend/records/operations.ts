import type { AuditLogTable, DB } from '@db/schema'
import { fieldByKey } from '@shared/fields/index'
import type { Insertable, Kysely } from 'kysely'
import { creationValues } from '../audit/changes'
import { type AuditEntry, auditRow, type FieldChange, writeAudit } from '../audit/service'
import { refreshFamilyCoverage } from '../completeness/coverage'
import type { StaffContext } from '../context'
import { notFound } from '../errors'
import { executeCompiledOnce } from './compiled-once'
import { staleVersionError } from './conflict'
import { type Entity, scopeOf } from './entities'
import { type FieldValues, fromStored, rowToValues, toStored, valuesToColumns } from './values'

export interface WriteOptions {
  /** The version the staff member saw; null when no check is wanted (the request queue checks `seen` instead). */
  expectedVersion?: number | null
  /** The request this change applies, for the audit trail. */
  requestId?: number | null
  note?: string | null
  /**
   * Where to put, instead of writing them at once, the audit entries of the
   * change (stamped now) and the families whose children's coverage it made
   * unknown: bulk validation writes a batch's in a few statements
   * (requests/decision-writes.ts), before anything of the batch reads them.
   */
  gather?: GatheredWrites
}

/** Rows a write leaves to its caller, who writes them later in the same transaction. */
export interface GatheredWrites {
  audits: Insertable<AuditLogTable>[]
  /** Families whose children's coverage to compute again (completeness/coverage.ts). */
  coverage: number[]
}

export type Row = Record<string, unknown> & { id: number; version: number }

/** Records the completeness of a child's file depends on (completeness/coverage.ts). */
const COVERAGE_TABLES = new Set(['guardians', 'children', 'authorized_persons', 'vaccinations'])

/** A change to one of them has just made the family's children's coverage unknown: compute it again now. */
async function keepCoverage(
  trx: Kysely<DB>,
  entity: Entity,
  familyId: number | null,
  options: WriteOptions,
): Promise<void> {
  if (!COVERAGE_TABLES.has(entity.table) || familyId === null) return
  if (options.gather) options.gather.coverage.push(familyId)
  else await refreshFamilyCoverage(trx, familyId)
}

/** The change's audit entry, written now or gathered for the caller (WriteOptions.gather). */
export async function auditWrite(
  trx: Kysely<DB>,
  ctx: StaffContext,
  entry: AuditEntry,
  options: WriteOptions,
): Promise<void> {
  if (options.gather) options.gather.audits.push(auditRow(ctx.actor, ctx.clock, entry))
  else await writeAudit(trx, ctx.actor, ctx.clock, entry)
}

// Tables and columns come from the Entity descriptions, never from input:
// the casts below only bridge kysely's static typing of dynamic columns.
export async function loadRow(trx: Kysely<DB>, entity: Entity, id: number): Promise<Row> {
  // Compiled once per table (compiled-once.ts): the files' services read records one by one.
  const { rows } = await executeCompiledOnce(trx, `load:${entity.table}`, [id], () =>
    trx
      .selectFrom(entity.table as 'families')
      .selectAll()
      .where('id', '=', id),
  )
  const row = rows[0]
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
  return updateLoadedRecord(trx, ctx, entity, await loadRow(trx, entity, id), patch, options)
}

/**
 * The same, on a record the caller has read whole (`select *`) in this
 * transaction: if it has changed since, it is read again (never written
 * over another version).
 */
export async function updateLoadedRecord(
  trx: Kysely<DB>,
  ctx: StaffContext,
  entity: Entity,
  row: Row,
  patch: FieldValues,
  options: WriteOptions = {},
): Promise<{ row: Row; changes: FieldChange[] }> {
  const id = row.id
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
  const values: Record<string, unknown> = { ...set, version, updated_at: ctx.clock.now().toISOString() }
  // On the version read only: a row read earlier that has changed since is read again. Compiled
  // once per table and columns changed (compiled-once.ts): the values, then the id and version.
  const columns = Object.keys(values)
  const {
    rows: [updated],
  } = await executeCompiledOnce(
    trx,
    `update:${entity.table}:${columns.join(',')}`,
    [...columns.map((c) => values[c]), id, row.version],
    () =>
      trx
        .updateTable(entity.table as 'families')
        .set(values as never)
        .where('id', '=', id)
        .where('version', '=', row.version)
        .returningAll(),
  )
  if (!updated) return updateRecord(trx, ctx, entity, id, patch, options)
  const scope = await scopeOf(trx, entity, row)
  await auditWrite(
    trx,
    ctx,
    {
      action: `${entity.type}.update`,
      entityType: entity.type,
      entityId: id,
      entityVersion: version,
      ...scope,
      requestId: options.requestId ?? null,
      changes,
      note: options.note ?? null,
    },
    options,
  )
  await keepCoverage(trx, entity, scope.familyId, options)
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
  await auditWrite(
    trx,
    ctx,
    {
      action: `${entity.type}.create`,
      entityType: entity.type,
      entityId: row.id,
      entityVersion: row.version,
      ...scope,
      requestId: options.requestId ?? null,
      changesText: creationValues(entity.type, values, row.number ?? row.identifier),
      note: options.note ?? null,
    },
    options,
  )
  await keepCoverage(trx, entity, scope.familyId, options)
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
  await auditWrite(
    trx,
    ctx,
    {
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
    },
    options,
  )
  await keepCoverage(trx, entity, scope.familyId, options)
  return row
}
