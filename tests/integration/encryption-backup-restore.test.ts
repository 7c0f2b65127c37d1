import { closeSync, existsSync, mkdtempSync, openSync, rmSync, utimesSync, writeSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterEach, beforeEach, expect, it } from 'vitest'
import { type Backend, startBackend } from '../../src-main/backend/bootstrap'
import { dailyBackup } from '../../src-main/backend/db/backup'
import { isEncryptedFile } from '../../src-main/backend/db/cipher'
import { openDatabase } from '../../src-main/backend/db/open'
import { generateKey } from '../../src-main/backend/encryption/key'
import { ADMIN_INPUT, silentLog } from '../helpers/backend'
import { runCli } from '../helpers/cli'
import { writeKeyFile } from '../helpers/encryption'
import { describeSqliteOnly } from '../helpers/pg-backend'
import { sqliteOf } from '../helpers/sqlite'

// docs/chiffrement.md, "Sauvegardes et restauration": the copies of an
// encrypted database are encrypted with its key, and a damaged encrypted
// database is restored from them, from the window or the command line.

const DAY1 = new Date('2026-11-27T08:00:00Z')
let dir: string
let db: string
let key: Buffer
let keyFile: string
let backend: Backend | null = null
beforeEach(async () => {
  dir = mkdtempSync(join(tmpdir(), 'marelle-chiffre-sauve-'))
  db = join(dir, 'marelle.db')
  key = generateKey()
  keyFile = writeKeyFile(dir, key)
  expect((await runCli('--db', db, '--key-file', keyFile, 'migrate')).code).toBe(0)
  expect(
    (await runCli('--db', db, '--key-file', keyFile, 'demo', '--families', '30', '--seed', '2')).code,
  ).toBe(0)
})
afterEach(async () => {
  await backend?.close()
  backend = null
  rmSync(dir, { recursive: true, force: true })
})

/** Overwrites the root page of `table` in the encrypted file, as a failing disk would. */
function damageEncrypted(path: string, table: string): void {
  const opened = openDatabase(path, { key })
  const root = opened.sqlite
    .prepare('SELECT rootpage FROM sqlite_schema WHERE name = ?')
    .pluck()
    .get(table) as number
  const size = opened.sqlite.pragma('page_size', { simple: true }) as number
  opened.sqlite.pragma('wal_checkpoint(TRUNCATE)')
  opened.sqlite.close()
  const fd = openSync(path, 'r+')
  writeSync(fd, Buffer.alloc(size, 0xa5), 0, size, (root - 1) * size)
  closeSync(fd)
}

const families = (path: string) => {
  const opened = openDatabase(path, { key, readonly: true })
  try {
    return opened.sqlite.prepare('SELECT count(*) FROM families').pluck().get()
  } finally {
    opened.sqlite.close()
  }
}

// The file's own: backups of the encrypted SQLite file.
describeSqliteOnly('backups of an encrypted database', () => {
  it('are encrypted with its key, daily and manual, and checked with it', async () => {
    const manual = join(dir, 'copie.db')
    expect(await runCli('--db', db, '--key-file', keyFile, 'backup', '--out', manual)).toMatchObject({
      code: 0,
    })
    const opened = openDatabase(db, { key })
    const daily = (await dailyBackup(opened.sqlite, join(dir, 'backups'), DAY1))!
    await opened.close()
    for (const copy of [manual, daily]) {
      expect(isEncryptedFile(copy)).toBe(true)
      expect(families(copy)).toBe(31)
      expect(await runCli('--db', copy, 'check')).toMatchObject({
        code: 1,
        err: expect.stringMatching(/chiffrée/),
      })
      expect(await runCli('--db', copy, '--key-file', keyFile, 'check')).toMatchObject({ code: 0 })
    }
  })

  it('restore a damaged encrypted database from the command line', async () => {
    const opened = openDatabase(db, { key })
    await dailyBackup(opened.sqlite, join(dir, 'backups'), DAY1)
    await opened.close()
    damageEncrypted(db, 'families')
    expect((await runCli('--db', db, '--key-file', keyFile, 'check')).code).toBe(1)
    const result = await runCli('--db', db, '--key-file', keyFile, 'restore')
    expect(result).toMatchObject({
      code: 0,
      out: expect.stringMatching(/^Base restaurée depuis sauvegarde-auto-2026-11-27\.db/),
    })
    expect(isEncryptedFile(db)).toBe(true)
    expect(await runCli('--db', db, '--key-file', keyFile, 'check')).toMatchObject({ code: 0 })
    expect(families(db)).toBe(31)
    // The damaged file kept beside the backups is encrypted too.
    const kept = result.out.match(/gardée dans (.+\.db)\./)?.[1] as string
    expect(existsSync(kept) && isEncryptedFile(kept)).toBe(true)
  })

  it('restore from the window: the live connection reads the restored content, search included', async () => {
    backend = startBackend({ databasePath: db, key, log: silentLog })
    const session = { staffId: null }
    expect(await backend.dispatch('auth/setupAdmin', ADMIN_INPUT, session)).toMatchObject({ ok: true })
    const good = (await dailyBackup(sqliteOf(backend.services), join(dir, 'backups'), DAY1))!
    utimesSync(good, DAY1, DAY1)
    await backend.close()
    damageEncrypted(db, 'families')
    backend = startBackend({ databasePath: db, key, log: silentLog })
    const admin = { staffId: null }
    expect(
      await backend.dispatch('auth/login', { login: 'admin', password: ADMIN_INPUT.password }, admin),
    ).toMatchObject({ ok: true })
    const health = await backend.dispatch('system/storageHealth', {}, admin)
    expect(health).toMatchObject({
      ok: true,
      value: { ok: false, latestGoodBackup: { name: 'sauvegarde-auto-2026-11-27.db' } },
    })
    const restored = await backend.dispatch(
      'system/restoreBackup',
      { name: 'sauvegarde-auto-2026-11-27.db' },
      admin,
    )
    expect(restored).toMatchObject({ ok: true, value: { ok: true, problems: [] } })
    const sqlite = sqliteOf(backend.services)
    expect(sqlite.prepare('SELECT count(*) FROM families').pluck().get()).toBe(31)
    expect(sqlite.pragma('integrity_check')).toEqual([{ integrity_check: 'ok' }])
    expect(sqlite.pragma('foreign_key_check')).toEqual([])
    expect(
      sqlite.prepare("SELECT count(*) FROM family_search WHERE family_search MATCH 'TEST*'").pluck().get(),
    ).toBeGreaterThan(0)
    expect(
      sqlite.prepare("SELECT count(*) FROM audit_log WHERE action = 'database.restore'").pluck().get(),
    ).toBe(1)
    expect(isEncryptedFile(db)).toBe(true)
    const search = await backend.dispatch('system/storageHealth', {}, admin)
    expect(search).toMatchObject({ ok: true, value: { ok: true } })
  })
})
