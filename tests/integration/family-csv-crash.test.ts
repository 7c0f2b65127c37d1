import { execFileSync } from 'node:child_process'
import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import BetterSqlite3 from 'better-sqlite3-multiple-ciphers'
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { killImportWhileWriting } from '../helpers/import-crash'
import { onPostgres } from '../helpers/pg-backend'
import { syntheticSet, writeSyntheticFiles } from '../helpers/synthetic-family-files'

// docs/fichiers-csv.md: the import runs as one transaction, so a crash or a
// kill in the middle leaves the database exactly as before. The command-line
// tool imports a large file set; the moment it says it is writing (the
// "Écriture…" phase is reported inside the write transaction), it is frozen,
// shown to hold the write lock, and killed with SIGKILL (helpers/import-crash.ts).

let dir: string
beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'marelle-crash-'))
})
afterEach(() => rmSync(dir, { recursive: true, force: true }))

const cli = (...args: string[]) =>
  execFileSync(process.execPath, ['bin/marelle.js', ...args], { encoding: 'utf8' })

// The file's own: a worker writing the SQLite file killed -9, the file checked after.
describe.skipIf(process.platform === 'win32' || onPostgres)('an import killed while it writes', () => {
  it('leaves a database that passes integrity_check and holds none of the import', async () => {
    const db = join(dir, 'marelle.db')
    cli('--db', db, 'migrate')
    const first = writeSyntheticFiles(syntheticSet(3), mkdtempSync(join(dir, 'avant-')))
    cli('--db', db, 'import', 'families', ...first)
    const paths = writeSyntheticFiles(syntheticSet(6000, 1000), mkdtempSync(join(dir, 'gros-')))

    await killImportWhileWriting(['--db', db, 'import', 'families', ...paths], () => new BetterSqlite3(db))

    const sqlite = new BetterSqlite3(db)
    expect(sqlite.pragma('integrity_check', { simple: true })).toBe('ok')
    expect(sqlite.pragma('foreign_key_check')).toEqual([])
    const count = (table: string) => sqlite.prepare(`SELECT count(*) FROM ${table}`).pluck().get()
    expect([count('families'), count('guardians'), count('children'), count('vaccinations')]).toEqual([
      3, 6, 4, 8,
    ])
    expect(sqlite.prepare("SELECT count(*) FROM families WHERE number >= '300000001000'").pluck().get()).toBe(
      0,
    )
    sqlite.close()
  }, 60_000)
})
