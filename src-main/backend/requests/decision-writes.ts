import type { AuditLogTable, DB, MessagesTable } from '@db/schema'
import { type Insertable, type Kysely, sql } from 'kysely'
import { writeAuditRows } from '../audit/service'
import { refreshFamiliesCoverage } from '../completeness/coverage'
import { executeCompiledOnce, insertRowsCompiledOnce } from '../records/compiled-once'
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

type Value = string | number | null

/**
 * A multi-row update: each row of a part gets its own values, chosen by
 * its id (`SET column = CASE id WHEN … THEN … END`), one statement for the
 * part. The text depends only on the number of rows: it is compiled once
 * per size (records/compiled-once.ts), not built again for each batch.
 */
interface ByIdUpdate<T extends { id: number }> {
  table: 'requests' | 'request_items'
  /** Each value is cast to its column's type: PostgreSQL gives the parameters of a CASE no type of its own. */
  set: [column: string, value: (row: T) => Value, type: 'text' | 'bigint'][]
  /** Set alike on every row, without values. */
  also?: string
  /** Only the row still at this version is written. */
  version?: (row: T) => number
}

async function updateById<T extends { id: number }>(
  trx: Kysely<DB>,
  update: ByIdUpdate<T>,
  part: T[],
): Promise<void> {
  const cases = (value: (row: T) => Value, type: 'text' | 'bigint') =>
    sql`CASE id ${sql.join(
      part.map((row) => sql`WHEN CAST(${row.id} AS bigint) THEN CAST(${value(row)} AS ${sql.raw(type)})`),
      sql` `,
    )} END`
  const { version } = update
  // The values in the order the statement below takes them.
  const parameters = [
    ...update.set.flatMap(([, value]) => part.flatMap((row) => [row.id, value(row)])),
    ...part.map((row) => row.id),
    ...(version ? part.flatMap((row) => [row.id, version(row)]) : []),
  ]
  await executeCompiledOnce(trx, `${update.table}:${part.length}`, parameters, () => ({
    compile: () =>
      sql`UPDATE ${sql.raw(update.table)} SET ${sql.join(
        update.set.map(([column, value, type]) => sql`${sql.raw(column)} = ${cases(value, type)}`),
      )}${sql.raw(update.also ? `, ${update.also}` : '')}
      WHERE id IN (${sql.join(part.map((row) => row.id))})${version ? sql` AND version = ${cases(version, 'bigint')}` : sql``}`.compile(
        trx,
      ),
  }))
}

/** A request's decision, written over the version the decision was made on. */
const REQUESTS: ByIdUpdate<RequestDecision> = {
  table: 'requests',
  set: [
    ['state', (r) => r.state, 'text'],
    ['decided_at', (r) => r.decidedAt, 'text'],
    ['decided_by', (r) => r.decidedBy, 'bigint'],
    ['reply', (r) => r.reply, 'text'],
    ['resolution', (r) => r.resolution, 'text'],
    ['updated_at', (r) => r.decidedAt, 'text'],
  ],
  also: 'version = version + 1',
  version: (r) => r.version,
}

const ITEMS: ByIdUpdate<ItemOutcome> = {
  table: 'request_items',
  set: [
    ['outcome', (i) => i.outcome, 'text'],
    ['reason', (i) => i.reason, 'text'],
    ['applied_value', (i) => i.appliedValue, 'text'],
  ],
}

async function writeRequests(trx: Kysely<DB>, requests: RequestDecision[]): Promise<void> {
  for (const part of chunks(requests, REQUESTS_PER_STATEMENT)) await updateById(trx, REQUESTS, part)
}

async function writeItems(trx: Kysely<DB>, items: ItemOutcome[]): Promise<void> {
  for (const part of chunks(items, ITEMS_PER_STATEMENT)) await updateById(trx, ITEMS, part)
}

/** Writes the gathered rows, then forgets them. */
export async function flushWrites(trx: Kysely<DB>, writes: DecisionWrites): Promise<void> {
  if (writes.requests.length > 0) await writeRequests(trx, writes.requests)
  if (writes.items.length > 0) await writeItems(trx, writes.items)
  for (const part of chunks(writes.messages, MESSAGES_PER_STATEMENT))
    await insertRowsCompiledOnce(trx, 'messages', part)
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
