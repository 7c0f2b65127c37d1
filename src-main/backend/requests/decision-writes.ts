import type { AuditLogTable, DB, MessagesTable } from '@db/schema'
import { type Insertable, type Kysely, sql } from 'kysely'
import { writeAuditRows } from '../audit/service'
import { refreshFamiliesCoverage } from '../completeness/coverage'
import { chunks } from './chunks'

/** A decided line of a request: its outcome, the reason given, the value applied. */
export interface ItemOutcome {
  id: number
  outcome: 'accepted' | 'refused'
  reason: string | null
  appliedValue: string | null
}

/** A request's decision, written over the version the decision was made on. */
export interface RequestDecision {
  id: number
  version: number
  state: string
  decidedAt: string
  decidedBy: number | null
  reply: string
  resolution: string
}

/**
 * The rows a decision writes that nothing else of the decision reads back:
 * the request's state, its lines' outcomes, the reply to the family and the
 * decision's audit entry (stamped when it was made: audit/service.ts). A
 * single decision writes them at its end; a bulk validation gathers those of
 * the requests it validated and writes them once per batch, or before it
 * assesses a request again (bulk.ts): a few statements instead of four or
 * five per request.
 */
export interface DecisionWrites {
  requests: RequestDecision[]
  items: ItemOutcome[]
  messages: Insertable<MessagesTable>[]
  audits: Insertable<AuditLogTable>[]
  /**
   * Families whose children's coverage the applied changes made unknown
   * (records/operations.ts, WriteOptions.gather): computed again together.
   * The audit entries of the changes themselves join `audits`.
   */
  coverage: number[]
}

export const noWrites = (): DecisionWrites => ({
  requests: [],
  items: [],
  messages: [],
  audits: [],
  coverage: [],
})

/** Adds `more` to `into` (a request's writes to its batch's, once it is validated). */
export function addWrites(into: DecisionWrites, more: DecisionWrites): void {
  into.requests.push(...more.requests)
  into.items.push(...more.items)
  into.messages.push(...more.messages)
  into.audits.push(...more.audits)
  into.coverage.push(...more.coverage)
}

// Few enough rows per statement to stay under the parameter limit of SQLite and PostgreSQL.
const ITEMS_PER_STATEMENT = 300
const REQUESTS_PER_STATEMENT = 100
const MESSAGES_PER_STATEMENT = 200

/** One value per row of `part`, chosen by the row's id. */
const byIdOf =
  <T extends { id: number }>(part: T[]) =>
  (value: (row: T) => string | number | null) =>
    sql`CASE id ${sql.join(
      part.map((row) => sql`WHEN ${row.id} THEN ${value(row)}`),
      sql` `,
    )} END`

async function writeRequests(trx: Kysely<DB>, requests: RequestDecision[]): Promise<void> {
  for (const part of chunks(requests, REQUESTS_PER_STATEMENT)) {
    const byId = byIdOf(part)
    await sql`UPDATE requests SET state = ${byId((r) => r.state)}, decided_at = ${byId((r) => r.decidedAt)},
      decided_by = ${byId((r) => r.decidedBy)}, reply = ${byId((r) => r.reply)},
      resolution = ${byId((r) => r.resolution)}, updated_at = ${byId((r) => r.decidedAt)},
      version = version + 1
      WHERE id IN (${sql.join(part.map((r) => r.id))}) AND version = ${byId((r) => r.version)}`.execute(trx)
  }
}

async function writeItems(trx: Kysely<DB>, items: ItemOutcome[]): Promise<void> {
  for (const part of chunks(items, ITEMS_PER_STATEMENT)) {
    const byId = byIdOf(part)
    await sql`UPDATE request_items SET outcome = ${byId((i) => i.outcome)},
      reason = ${byId((i) => i.reason)}, applied_value = ${byId((i) => i.appliedValue)}
      WHERE id IN (${sql.join(part.map((i) => i.id))})`.execute(trx)
  }
}

/** Writes the gathered rows, then forgets them. */
export async function flushWrites(trx: Kysely<DB>, writes: DecisionWrites): Promise<void> {
  if (writes.requests.length > 0) await writeRequests(trx, writes.requests)
  if (writes.items.length > 0) await writeItems(trx, writes.items)
  for (const part of chunks(writes.messages, MESSAGES_PER_STATEMENT))
    await trx.insertInto('messages').values(part).execute()
  await writeAuditRows(trx, writes.audits)
  // A chunk stays under the parameter limit; the same family twice is computed once.
  for (const part of chunks([...new Set(writes.coverage)], REQUESTS_PER_STATEMENT * 5))
    await refreshFamiliesCoverage(trx, part)
  writes.coverage.length = 0
  writes.requests.length = 0
  writes.items.length = 0
  writes.messages.length = 0
  writes.audits.length = 0
}
