import type { DB } from '@db/schema'
import { type Kysely, sql } from 'kysely'

// The search indexes are kept right by triggers (migration family-search).
// A bulk writer that inserts thousands of families would make those triggers
// rewrite each family's index row once per guardian and child: it silences
// them instead and rebuilds the indexes once, in the same transaction
// (storage.search.rebuiltAfter; on SQLite, db/storage/sqlite/search-rebuild.ts).
// A writer of small changes silences them and rewrites the rows it changed
// (below).

/**
 * The statements of the triggers (migration family-search), for a set of
 * families and children at once: a writer that silenced the triggers for a
 * batch of small changes (bulk validation of requests) rewrites the rows of
 * what it changed, once, in its transaction. The full-text tables index a
 * batch's rows together instead of after each change.
 */
const PER_STATEMENT = 500

export async function refreshSearchRows(
  trx: Kysely<DB>,
  families: readonly number[],
  children: readonly number[],
): Promise<void> {
  const lists = [
    { kind: 'family', key: 'family_id', columns: 'number, names, contacts, children', ids: families },
    { kind: 'child', key: 'child_id', columns: 'identifier, names, family_number', ids: children },
  ] as const
  for (const { kind, key, columns, ids } of lists)
    for (let from = 0, all = [...new Set(ids)]; from < all.length; from += PER_STATEMENT) {
      const part = all.slice(from, from + PER_STATEMENT)
      const where = sql`id IN (${sql.join(part)})`
      const source = sql.raw(`${kind}_search_source`)
      await sql`DELETE FROM ${sql.raw(`${kind}_search`)} WHERE rowid IN (SELECT id FROM ${source} WHERE ${where})`.execute(
        trx,
      )
      await sql`DELETE FROM ${sql.raw(`${kind}_search_order`)} WHERE ${sql.raw(key)} IN (SELECT id FROM ${source} WHERE ${where})`.execute(
        trx,
      )
      await sql`INSERT INTO ${sql.raw(`${kind}_search`)} (rowid, ${sql.raw(columns)}) SELECT id, ${sql.raw(columns)} FROM ${source} WHERE ${where}`.execute(
        trx,
      )
      await sql`INSERT INTO ${sql.raw(`${kind}_search_order`)} (${sql.raw(key)}, sort_key) SELECT id, sort_key FROM ${source} WHERE ${where}`.execute(
        trx,
      )
    }
}

/** Silences (true) or switches back on (false) the search triggers, in the caller's transaction only. */
export async function pauseSearchTriggers(trx: Kysely<DB>, paused: boolean): Promise<void> {
  await sql`UPDATE search_control SET paused = ${paused ? 1 : 0}`.execute(trx)
}
