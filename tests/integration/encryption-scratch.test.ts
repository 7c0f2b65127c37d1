import { mkdtempSync, readFileSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import BetterSqlite3 from 'better-sqlite3-multiple-ciphers'
import { afterEach, expect, it } from 'vitest'
import { openDatabase } from '../../src-main/backend/db/open'
import { openScratch } from '../../src-main/backend/db/storage/sqlite/attached-scratch'
import { generateKey, keyToHex } from '../../src-main/backend/encryption/key'
import { filesUnder } from '../helpers/encryption'
import { describeSqliteOnly } from '../helpers/pg-backend'

// The import's scratch file beside an encrypted database (docs/chiffrement.md):
// encrypted under a key of its own, and the database's backups unchanged.

const dirs: string[] = []
afterEach(() => {
  for (const dir of dirs.splice(0)) rmSync(dir, { recursive: true, force: true })
})

const NAME = 'Dupont-Scratch allergie arachide'

// The file's own: the scratch file beside the encrypted SQLite file.
describeSqliteOnly('the scratch file of an encrypted database', () => {
  it('holds no readable text, does not open with the database key, and leaves backups on the database key', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'marelle-scratch-'))
    dirs.push(dir)
    const key = generateKey()
    const opened = openDatabase(join(dir, 'marelle.db'), { key })
    opened.sqlite.exec('CREATE TABLE kept (name TEXT)')
    const scratch = openScratch(opened.sqlite)
    opened.sqlite.exec(`CREATE TABLE ${scratch.schema}.records (name TEXT)`)
    const insert = opened.sqlite.prepare(`INSERT INTO ${scratch.schema}.records (name) VALUES (?)`)
    for (let i = 0; i < 2000; i++) insert.run(`${NAME} ${i}`)
    const [file] = filesUnder(dir).filter((f) => f.endsWith('.tmp'))
    expect(file).toBeDefined()
    expect(readFileSync(file).includes(Buffer.from('Dupont-Scratch'))).toBe(false)
    // Not the database's key: a copy of the scratch file with the key in hand gives nothing.
    const other = new BetterSqlite3(file, { readonly: true })
    other.pragma("cipher = 'sqlcipher'")
    other.pragma('legacy = 4')
    other.key(Buffer.from(`x'${keyToHex(key)}'`, 'latin1'))
    expect(() => other.prepare('SELECT count(*) FROM records').get()).toThrow()
    other.close()
    // Nor with the database's key under the scratch file's own scheme (AEGIS-256): its key is its own.
    const sameScheme = new BetterSqlite3(file, { readonly: true })
    sameScheme.pragma("cipher = 'aegis'")
    sameScheme.key(Buffer.from(`x'${keyToHex(key)}'`, 'latin1'))
    expect(() => sameScheme.prepare('SELECT count(*) FROM records').get()).toThrow()
    sameScheme.close()
    // The connection still attaches and copies with the database's cipher and key.
    opened.sqlite.prepare('INSERT INTO kept (name) VALUES (?)').run(NAME)
    const copy = join(dir, 'copie.db')
    opened.sqlite.prepare('VACUUM INTO ?').run(copy)
    expect(readFileSync(copy).includes(Buffer.from('Dupont-Scratch'))).toBe(false)
    scratch.dispose()
    await opened.close()
    expect(filesUnder(dir).filter((f) => f.endsWith('.tmp'))).toEqual([])
    const reopened = openDatabase(copy, { key })
    expect(reopened.sqlite.prepare('SELECT name FROM kept').pluck().all()).toEqual([NAME])
    await reopened.close()
  })
})
