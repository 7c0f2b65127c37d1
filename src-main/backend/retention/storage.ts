import type { Database } from 'better-sqlite3-multiple-ciphers'
import { chunks } from '../requests/chunks'

// What SQLite keeps of erased text after the rows are changed, and how a plan
// makes the file itself forget it (docs/conservation.md, « Dans le fichier »):
//
// - the search indexes (FTS5, migration family-search) are contentless: a
//   deleted row leaves a tombstone and its words stay in the index segments
//   until they are merged. The anonymised rows are taken out of the indexes,
//   then 'optimize' merges every segment into one, without them;
// - SQLite leaves deleted cells and freed pages as they were. With
//   secure_delete on during the transaction, it overwrites them with zeros;
// - earlier writes (an update, the demo, an import) left older versions of
//   rows in the free space of pages, which secure_delete does not reach:
//   VACUUM after the commit rebuilds the file from the live rows only (it
//   needs free disk space for a copy, and a moment on a city's database);
// - the write-ahead log still holds earlier versions of the pages: a
//   TRUNCATE checkpoint after the VACUUM empties it (incomplete while another
//   connection reads; it then happens at a later checkpoint).
//
// This is the SQLite store's part of the work, beside the portable SQL of
// steps.ts, like search/maintenance.ts.

/** Runs `work` with secure_delete on for this connection, then puts the previous value back. */
export async function withSecureDelete<T>(sqlite: Database, work: () => Promise<T>): Promise<T> {
  const before = sqlite.pragma('secure_delete', { simple: true }) as number
  sqlite.pragma('secure_delete = ON')
  try {
    return await work()
  } finally {
    sqlite.pragma(`secure_delete = ${before === 1 ? 'ON' : before === 2 ? 'FAST' : 'OFF'}`)
  }
}

/** Takes the anonymised rows out of the search indexes and merges the indexes; inside the transaction. */
export function forgetInSearch(
  sqlite: Database,
  childIds: readonly number[],
  familyIds: readonly number[],
): void {
  const lists = [
    { kind: 'child', key: 'child_id', ids: childIds },
    { kind: 'family', key: 'family_id', ids: familyIds },
  ]
  for (const { kind, key, ids } of lists) {
    for (const part of chunks(ids)) {
      const marks = part.map(() => '?').join(', ')
      sqlite.prepare(`DELETE FROM ${kind}_search WHERE rowid IN (${marks})`).run(...part)
      sqlite.prepare(`DELETE FROM ${kind}_search_order WHERE ${key} IN (${marks})`).run(...part)
    }
    sqlite.prepare(`INSERT INTO ${kind}_search (${kind}_search) VALUES ('optimize')`).run()
  }
}

/**
 * After the commit: VACUUM rewrites the file from the live rows only (the
 * text that earlier writes left in free space, before secure_delete was on,
 * goes too), then a TRUNCATE checkpoint empties the write-ahead log. True
 * when both completed; false when another connection kept them from it.
 */
export function cleanFile(sqlite: Database): boolean {
  try {
    sqlite.exec('VACUUM')
  } catch (error) {
    if (
      (error as { code?: string }).code?.startsWith('SQLITE_BUSY') ||
      (error as { code?: string }).code?.startsWith('SQLITE_LOCKED')
    )
      return false
    throw error
  }
  const [result] = sqlite.pragma('wal_checkpoint(TRUNCATE)') as { busy: number }[]
  return result === undefined || result.busy === 0
}
