import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import BetterSqlite3, { type Database } from 'better-sqlite3-multiple-ciphers'

// A private SQLite file for rows a task needs only for a while, when the
// database is a PostgreSQL server (server mode): the CSV import's records
// read from the files (storage/sqlite/csv-import/spill.ts), kept on this computer's
// disk rather than in memory or on the server, in the system's temporary
// folder, and removed at the end. Nothing of the shared database is in it.

export interface ScratchDatabase {
  sqlite: Database
  /** Closes the connection and removes the file. */
  dispose(): void
}

export function openScratchDatabase(nativeBinding?: string): ScratchDatabase {
  const dir = mkdtempSync(join(tmpdir(), 'marelle-brouillon-'))
  let sqlite: Database
  try {
    sqlite = new BetterSqlite3(join(dir, 'brouillon.db'), { nativeBinding })
    // Nothing to keep after a crash: no journal on disk, no fsync.
    sqlite.pragma('journal_mode = MEMORY')
    sqlite.pragma('synchronous = OFF')
  } catch (error) {
    rmSync(dir, { recursive: true, force: true })
    throw error
  }
  return {
    sqlite,
    dispose() {
      try {
        sqlite.close()
      } finally {
        rmSync(dir, { recursive: true, force: true })
      }
    },
  }
}
