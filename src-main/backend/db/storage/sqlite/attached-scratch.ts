import { randomUUID } from 'node:crypto'
import { readdirSync, rmSync } from 'node:fs'
import { basename, dirname, join } from 'node:path'
import type { Database } from 'better-sqlite3-multiple-ciphers'
import { attachScratchFile } from '../../cipher'
import { keyOf } from '../../guarded-dialect'

// Where a connection keeps rows it needs only for a while (an import's
// records: family-csv/import/spill.ts). SQLite's temporary files are not
// encrypted by SQLite3 Multiple Ciphers; so for an encrypted database they go
// to a file attached beside it, encrypted under a key of its own that never
// leaves the connection, removed at the end (docs/chiffrement.md). A plain
// database keeps SQLite's temporary schema.

export interface Scratch {
  /** The schema to create the tables in: 'temp', or the attached file's. */
  schema: string
  /** Detaches and removes the file (nothing for 'temp'). */
  dispose(): void
}

const SUFFIX = '.tmp'
const marker = (databasePath: string) => `${basename(databasePath)}.brouillon-`

/** A scratch schema for `sqlite`; call outside any transaction (ATTACH cannot run in one). */
export function openScratch(sqlite: Database): Scratch {
  if (!keyOf(sqlite)) return { schema: 'temp', dispose() {} }
  const id = randomUUID().replaceAll('-', '')
  const schema = `brouillon_${id}`
  const path = join(dirname(sqlite.name), `${marker(sqlite.name)}${id}${SUFFIX}`)
  attachScratchFile(sqlite, path, schema)
  // Nothing to keep after a crash: no fsync; the journal in memory still allows a rollback.
  sqlite.pragma(`${schema}.journal_mode = MEMORY`)
  sqlite.pragma(`${schema}.synchronous = OFF`)
  return {
    schema,
    dispose() {
      try {
        sqlite.exec(`DETACH DATABASE ${schema}`)
      } catch {
        // Still in a transaction, or already closed: the file goes with the connection.
      }
      for (const suffix of ['', '-journal']) rmSync(`${path}${suffix}`, { force: true })
    },
  }
}

/** Removes the scratch files a crash left beside the database (at start-up, when no import runs). */
export function removeLeftoverScratch(databasePath: string): void {
  const prefix = marker(databasePath)
  let names: string[]
  try {
    names = readdirSync(dirname(databasePath))
  } catch {
    return
  }
  for (const name of names)
    if (name.startsWith(prefix) && (name.endsWith(SUFFIX) || name.endsWith(`${SUFFIX}-journal`)))
      rmSync(join(dirname(databasePath), name), { force: true })
}
