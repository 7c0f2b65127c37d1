import { execFileSync } from 'node:child_process'
import { mkdtempSync, readdirSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { startBackend } from '../../src-main/backend/bootstrap'
import { openDatabase } from '../../src-main/backend/db/open'
import { generateKey } from '../../src-main/backend/encryption/key'
import { silentLog } from '../helpers/backend'
import { filesUnder, plainTextHits, writeKeyFile } from '../helpers/encryption'
import { killImportWhileWriting } from '../helpers/import-crash'
import { onPostgres } from '../helpers/pg-backend'
import { syntheticSet, writeSyntheticFiles } from '../helpers/synthetic-family-files'

// docs/chiffrement.md: an import on an encrypted database killed while it
// writes leaves it consistent, readable with its key, with nothing of the
// import, and its scratch file (encrypted too) is removed at the next start.

let dir: string
let sources: string
beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'marelle-chiffre-crash-'))
  sources = mkdtempSync(join(tmpdir(), 'marelle-chiffre-sources-'))
})
afterEach(() => {
  rmSync(dir, { recursive: true, force: true })
  rmSync(sources, { recursive: true, force: true })
})

const cli = (...args: string[]) =>
  execFileSync(process.execPath, ['bin/marelle.js', ...args], { encoding: 'utf8' })

// The file's own: a worker writing the encrypted SQLite file killed -9.
describe.skipIf(process.platform === 'win32' || onPostgres)(
  'an import on an encrypted database killed while it writes',
  () => {
    it('leaves it sound under its key, without any of the import, nothing readable beside it', async () => {
      const key = generateKey()
      const keyFile = writeKeyFile(sources, key)
      const db = join(dir, 'marelle.db')
      cli('--db', db, '--key-file', keyFile, 'migrate')
      cli(
        '--db',
        db,
        '--key-file',
        keyFile,
        'import',
        'families',
        ...writeSyntheticFiles(syntheticSet(3), mkdtempSync(join(sources, 'avant-'))),
      )
      const big = syntheticSet(6000, 1000)
      const paths = writeSyntheticFiles(big, mkdtempSync(join(sources, 'gros-')))

      await killImportWhileWriting(
        ['--db', db, '--key-file', keyFile, 'import', 'families', ...paths],
        () => openDatabase(db, { key }).sqlite,
      )

      const needles = [
        String(big.guardians[10].email),
        String(big.guardians[4000].email),
        String(big.children[50].identifier),
      ]
      expect(plainTextHits(filesUnder(dir), needles)).toEqual([])
      const opened = openDatabase(db, { key })
      const { sqlite } = opened
      expect(sqlite.pragma('integrity_check', { simple: true })).toBe('ok')
      expect(sqlite.pragma('foreign_key_check')).toEqual([])
      const count = (table: string) => sqlite.prepare(`SELECT count(*) FROM ${table}`).pluck().get()
      expect([count('families'), count('guardians'), count('children'), count('vaccinations')]).toEqual([
        3, 6, 4, 8,
      ])
      await opened.close()

      // The killed import's scratch file: encrypted (above), then gone at the next start.
      expect(readdirSync(dir).some((name) => name.includes('.brouillon-'))).toBe(true)
      const backend = startBackend({ databasePath: db, key, log: silentLog })
      await backend.close()
      expect(readdirSync(dir).filter((name) => name.includes('.brouillon-'))).toEqual([])
    }, 90_000)
  },
)
