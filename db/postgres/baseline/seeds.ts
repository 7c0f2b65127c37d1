import type { Migration } from '@db/migrations/types'
import BetterSqlite3 from 'better-sqlite3-multiple-ciphers'

/** FTS5's own tables (the search index), rebuilt from the data rather than copied. */
const SEARCH_INDEX = /^(family|child)_search(_data|_idx|_docsize|_config)?$/

/**
 * The rows `list` inserts into an empty SQLite database (the catalogues the
 * migrations ship), table by table in creation order, as plain objects.
 */
export function seedRows(list: Migration[]): { table: string; rows: Record<string, unknown>[] }[] {
  const sqlite = new BetterSqlite3(':memory:')
  try {
    for (const m of list) sqlite.transaction(() => m.up(sqlite))()
    const tables = sqlite
      .prepare(
        "SELECT name FROM sqlite_schema WHERE type = 'table' AND name NOT LIKE 'sqlite%' ORDER BY rowid",
      )
      .pluck()
      .all() as string[]
    return tables
      .filter((t) => !SEARCH_INDEX.test(t))
      .map((table) => ({
        table,
        rows: sqlite.prepare(`SELECT * FROM "${table}"`).all() as Record<string, unknown>[],
      }))
      .filter((s) => s.rows.length > 0)
  } finally {
    sqlite.close()
  }
}
