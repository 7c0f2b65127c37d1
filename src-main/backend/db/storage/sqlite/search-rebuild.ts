import type { Database } from 'better-sqlite3-multiple-ciphers'

// The FTS5 search indexes rewritten from the data at once, on the embedded
// file (search/maintenance.ts says when): a bulk writer silences the index
// triggers (migration family-search) and rebuilds the indexes once, in its
// transaction (storage.search.rebuiltAfter).

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
