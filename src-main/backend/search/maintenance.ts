import type { DB } from '@db/schema'
import type { Database } from 'better-sqlite3-multiple-ciphers'
import { type Kysely, sql } from 'kysely'

// The search indexes are kept right by triggers (migration family-search).
// A bulk writer that inserts thousands of families would make those triggers
// rewrite each family's index row once per guardian and child: it silences
// them instead and rebuilds the indexes once, in the same transaction.

const LISTS = [
  { kind: 'family', key: 'family_id', columns: 'number, names, contacts, children' },
  { kind: 'child', key: 'child_id', columns: 'identifier, names, family_number' },
] as const

/** Rewrites both search indexes from the data, and switches the triggers back on. */
export function rebuildFamilySearch(sqlite: Database): void {
  for (const { kind, key, columns } of LISTS)
    sqlite.exec(`
      INSERT INTO ${kind}_search (${kind}_search) VALUES ('delete-all');
      DELETE FROM ${kind}_search_order;
      INSERT INTO ${kind}_search (rowid, ${columns}) SELECT id, ${columns} FROM ${kind}_search_source;
      INSERT INTO ${kind}_search_order (${key}, sort_key) SELECT id, sort_key FROM ${kind}_search_source;`)
  sqlite.prepare('UPDATE search_control SET paused = 0').run()
}

/**
 * Runs `work` (a bulk write) with the search triggers silenced, then rebuilds
 * the indexes. Must run inside the caller's transaction: if anything fails,
 * the rollback also undoes the pause, so the triggers can never stay off.
 */
export function withFamilySearchPaused<T>(sqlite: Database, work: () => T): T {
  if (!sqlite.inTransaction) throw new Error('withFamilySearchPaused must run inside a transaction')
  sqlite.prepare('UPDATE search_control SET paused = 1').run()
  const result = work()
  rebuildFamilySearch(sqlite)
  return result
}

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
