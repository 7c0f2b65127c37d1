import type { DB, MessagesTable } from '@db/schema'
import { type Insertable, type Kysely, sql } from 'kysely'
import { chunks } from './chunks'

/** A decided line of a request: its outcome, the reason given, the value applied. */
export interface ItemOutcome {
  id: number
  outcome: 'accepted' | 'refused'
  reason: string | null
  appliedValue: string | null
}

/**
 * The rows a decision writes that nothing else of the decision (or of a bulk
 * validation's batch) reads back: the lines' outcomes and the reply to the
 * family. A single decision writes them at its end; a bulk validation
 * gathers those of the requests it validated and writes them once per batch
 * (bulk.ts), a few statements instead of three or four per request.
 */
export interface DecisionWrites {
  items: ItemOutcome[]
  messages: Insertable<MessagesTable>[]
}

export const noWrites = (): DecisionWrites => ({ items: [], messages: [] })

/** Adds `more` to `into` (a request's writes to its batch's, once it is validated). */
export function addWrites(into: DecisionWrites, more: DecisionWrites): void {
  into.items.push(...more.items)
  into.messages.push(...more.messages)
}

// Few enough rows per statement to stay under the parameter limit of SQLite and PostgreSQL.
const ITEMS_PER_STATEMENT = 300
const MESSAGES_PER_STATEMENT = 200

async function writeItems(trx: Kysely<DB>, items: ItemOutcome[]): Promise<void> {
  for (const part of chunks(items, ITEMS_PER_STATEMENT)) {
    const byId = (value: (i: ItemOutcome) => string | null) =>
      sql`CASE id ${sql.join(
        part.map((i) => sql`WHEN ${i.id} THEN ${value(i)}`),
        sql` `,
      )} END`
    await sql`UPDATE request_items SET outcome = ${byId((i) => i.outcome)},
      reason = ${byId((i) => i.reason)}, applied_value = ${byId((i) => i.appliedValue)}
      WHERE id IN (${sql.join(part.map((i) => i.id))})`.execute(trx)
  }
}

/** Writes the gathered rows, then forgets them. */
export async function flushWrites(trx: Kysely<DB>, writes: DecisionWrites): Promise<void> {
  if (writes.items.length > 0) await writeItems(trx, writes.items)
  for (const part of chunks(writes.messages, MESSAGES_PER_STATEMENT))
    await trx.insertInto('messages').values(part).execute()
  writes.items.length = 0
  writes.messages.length = 0
}
