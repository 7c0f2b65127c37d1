import BetterSqlite3, { type Database } from 'better-sqlite3-multiple-ciphers'
import { applyKey } from './cipher'
import { keyOf, nativeBindingOf } from './guarded-dialect'

// Putting a backup's content in place of an encrypted database through the
// live connection itself. SQLite's backup API (restore.ts, for plain files)
// writes through a new connection of its own, which cannot be given the key;
// so here the live connection, which holds the key, rebuilds its database
// from the attached backup: the old schema is dropped without reading the
// damaged pages (writable_schema), every object is created again from the
// backup's schema and its rows copied, in one transaction; VACUUM then
// writes a compact file that holds only the new content.

interface SchemaRow {
  type: 'table' | 'index' | 'view' | 'trigger'
  name: string
  sql: string | null
}

const quoted = (name: string) => `"${name.replaceAll('"', '""')}"`
const isVirtual = (row: SchemaRow) => /^\s*CREATE\s+VIRTUAL\s+TABLE/i.test(row.sql ?? '')

function exists(sqlite: Database, name: string): boolean {
  return sqlite.prepare('SELECT 1 FROM main.sqlite_schema WHERE name = ?').get(name) !== undefined
}

function copyObjects(sqlite: Database, objects: SchemaRow[]): void {
  sqlite.pragma('writable_schema = ON')
  sqlite.exec('DELETE FROM main.sqlite_schema')
  sqlite.pragma('writable_schema = RESET')
  const tables = objects.filter((o) => o.type === 'table' && o.name !== 'sqlite_schema')
  // Virtual tables first: they create their shadow tables, whose rows are then copied as they are.
  for (const table of tables.filter(isVirtual)) sqlite.exec(table.sql as string)
  for (const table of tables.filter((t) => !isVirtual(t)))
    if (!exists(sqlite, table.name) && table.sql) sqlite.exec(table.sql)
  for (const table of tables.filter((t) => !isVirtual(t))) {
    sqlite.exec(`DELETE FROM main.${quoted(table.name)}`)
    sqlite.exec(`INSERT INTO main.${quoted(table.name)} SELECT * FROM restored.${quoted(table.name)}`)
  }
  for (const type of ['index', 'view', 'trigger'] as const)
    for (const row of objects) if (row.type === type && row.sql) sqlite.exec(row.sql)
}

/**
 * Replaces the content of the database open on `sqlite` with that of the
 * file at `backupPath` (read with the same key, or as a plain file when
 * `backupPlain`). Needs no transaction open on the connection. A failure
 * before the commit leaves the database as it was.
 */
export function rebuildFrom(sqlite: Database, backupPath: string, backupPlain: boolean): void {
  const foreignKeys = sqlite.pragma('foreign_keys', { simple: true })
  sqlite.pragma('foreign_keys = OFF')
  sqlite
    .prepare(backupPlain ? "ATTACH DATABASE ? AS restored KEY ''" : 'ATTACH DATABASE ? AS restored')
    .run(backupPath)
  // writable_schema and writes to the search index's shadow tables are refused in defensive mode.
  sqlite.unsafeMode(true)
  try {
    const objects = sqlite
      .prepare('SELECT type, name, sql FROM restored.sqlite_schema ORDER BY rowid')
      .all() as SchemaRow[]
    sqlite.exec('BEGIN IMMEDIATE')
    try {
      copyObjects(sqlite, objects)
      sqlite.exec('COMMIT')
    } catch (error) {
      if (sqlite.inTransaction) sqlite.exec('ROLLBACK')
      sqlite.pragma('writable_schema = RESET')
      throw error
    } finally {
      sqlite.pragma('writable_schema = OFF')
    }
  } finally {
    sqlite.unsafeMode(false)
    sqlite.exec('DETACH DATABASE restored')
    sqlite.pragma(`foreign_keys = ${foreignKeys ? 'ON' : 'OFF'}`)
  }
  compact(sqlite)
}

/**
 * VACUUM: writes the file again from the new content only. The old pages,
 * damaged ones among them, are no longer reachable, but VACUUM reads each
 * page it overwrites, and a damaged encrypted page fails its HMAC check; so
 * it runs on a connection of its own that does not check them (the cipher
 * reads that setting when keyed). Its content is never read: only overwritten.
 */
function compact(sqlite: Database): void {
  const key = keyOf(sqlite)
  const vacuum = new BetterSqlite3(sqlite.name, {
    nativeBinding: nativeBindingOf(sqlite),
    fileMustExist: true,
  })
  try {
    vacuum.pragma('busy_timeout = 5000')
    if (key) {
      vacuum.pragma('hmac_check = 0')
      applyKey(vacuum, key)
    }
    vacuum.exec('VACUUM')
  } finally {
    vacuum.close()
  }
}
