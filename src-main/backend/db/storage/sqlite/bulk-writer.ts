import type { Database, Statement } from 'better-sqlite3-multiple-ciphers'
import type { BulkTable, BulkWriter } from '../types'

// The embedded mode's bulk writer: one prepared INSERT per table, run at
// once on the connection the caller's transaction holds, positional
// parameters (named ones bind twice as slowly, measured on the demo); the id
// is SQLite's rowid, known at each insert: nothing to reserve, nothing
// buffered, so reserve() and flush() have nothing to do.

export function sqliteBulkWriter(sqlite: Database): BulkWriter {
  if (!sqlite.inTransaction) throw new Error('the bulk writer writes inside its transaction only')
  return {
    table(name: string, columns: readonly string[]): BulkTable {
      const statement: Statement = sqlite.prepare(
        `INSERT INTO ${name} (${columns.join(', ')}) VALUES (${columns.map(() => '?').join(', ')})`,
      )
      return {
        async reserve() {},
        insert: (values) => Number(statement.run(values as unknown[]).lastInsertRowid),
      }
    },
    async flush() {},
  }
}
