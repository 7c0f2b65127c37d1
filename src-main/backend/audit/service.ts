import type { AuditLogTable, DB } from '@db/schema'
import type { Insertable, Kysely } from 'kysely'
import type { Actor, Clock } from '../context'
import { insertRowsCompiledOnce } from '../records/compiled-once'

export interface FieldChange {
  /** snake_case field name, as in docs/demandes-portail.md (e.g. "telephone_domicile"). */
  field: string
  /** French label at the time of the change. */
  label: string
  before: unknown
  after: unknown
}

export interface AuditEntry {
  action: string
  entityType: string
  entityId?: number | null
  entityVersion?: number | null
  familyId?: number | null
  childId?: number | null
  requestId?: number | null
  changes?: FieldChange[]
  /** Instead of `changes`, for a creation: the changes column already built (see changes.ts). */
  changesText?: string
  note?: string | null
  /** Health reads: the channel or command that read the data (docs/donnees-de-sante.md). */
  source?: string | null
}

/** The audit_log row of an entry, stamped now. */
export function auditRow(actor: Actor, clock: Clock, entry: AuditEntry): Insertable<AuditLogTable> {
  return {
    at: clock.now().toISOString(),
    staff_id: actor.staffId,
    actor: actor.displayName,
    action: entry.action,
    entity_type: entry.entityType,
    entity_id: entry.entityId ?? null,
    entity_version: entry.entityVersion ?? null,
    family_id: entry.familyId ?? null,
    child_id: entry.childId ?? null,
    request_id: entry.requestId ?? null,
    changes: entry.changesText ?? (entry.changes ? JSON.stringify(entry.changes) : null),
    note: entry.note ?? null,
    source: entry.source ?? null,
  }
}

/** Writes one audit entry in the caller's transaction: who, when, what, before, after, which request. */
export async function writeAudit(
  trx: Kysely<DB>,
  actor: Actor,
  clock: Clock,
  entry: AuditEntry,
): Promise<void> {
  await trx
    .insertInto('audit_log')
    .values(auditRow(actor, clock, entry))
    .execute()
}

// Few enough rows per statement to stay under the parameter limit of SQLite and PostgreSQL.
const ROWS_PER_STATEMENT = 150

/**
 * Writes entries made earlier with auditRow(), in the caller's transaction,
 * a few statements for many (bulk validation writes its batch's decisions
 * at the end of the batch).
 */
export async function writeAuditRows(trx: Kysely<DB>, rows: Insertable<AuditLogTable>[]): Promise<void> {
  // Compiled once per number of rows (records/compiled-once.ts): the same statement for each batch.
  for (let from = 0; from < rows.length; from += ROWS_PER_STATEMENT)
    await insertRowsCompiledOnce(trx, 'audit_log', rows.slice(from, from + ROWS_PER_STATEMENT))
}
