import { createHash } from 'node:crypto'
import { copyFileSync, existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterEach, beforeEach, expect, it } from 'vitest'
import { startBackend } from '../../src-main/backend/bootstrap'
import { isEncryptedFile, rekeyDatabase } from '../../src-main/backend/db/cipher'
import { openDatabase } from '../../src-main/backend/db/open'
import { generateKey, keyToHex, parseKeyText } from '../../src-main/backend/encryption/key'
import { keyFromRecoveryKey, recoveryKeyOf } from '../../src-main/backend/encryption/recovery-key'
import { ADMIN_INPUT, silentLog } from '../helpers/backend'
import { runCli } from '../helpers/cli'
import { fileHead, writeKeyFile } from '../helpers/encryption'
import { describeSqliteOnly } from '../helpers/pg-backend'

// docs/chiffrement.md: the key and its recovery key, a database refused
// without them (in French, nothing touched), opened from another data folder
// with the recovery key, re-keyed; encrypt and decrypt on the command line.

const STACK_LINE = /^\s+at .+:\d+:\d+\)?$/m
let dir: string
beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'marelle-cles-'))
})
afterEach(() => rmSync(dir, { recursive: true, force: true }))

const digest = (path: string) =>
  ['', '-wal', '-shm'].map((s) =>
    existsSync(path + s)
      ? createHash('sha256')
          .update(readFileSync(path + s))
          .digest('hex')
      : null,
  )

async function encryptedDemo(key: Buffer, families = 5): Promise<{ db: string; keyFile: string }> {
  const db = join(dir, 'marelle.db')
  const keyFile = writeKeyFile(dir, key)
  expect((await runCli('--db', db, '--key-file', keyFile, 'migrate')).code).toBe(0)
  expect(
    (await runCli('--db', db, '--key-file', keyFile, 'demo', '--families', String(families), '--seed', '3'))
      .code,
  ).toBe(0)
  return { db, keyFile }
}

// The file's own: the SQLite file's recovery key and its encryption.
describeSqliteOnly('the recovery key', () => {
  it('gives the key back, and names the group typed wrong', () => {
    const key = generateKey()
    const text = recoveryKeyOf(key)
    expect(text).toMatch(/^(\d{6}-){15}\d{6}$/)
    for (const group of text.split('-')) expect(Number(group) % 11).toBe(0)
    expect(keyFromRecoveryKey(text).equals(key)).toBe(true)
    expect(parseKeyText(` ${text.replaceAll('-', ' ')}\n`).equals(key)).toBe(true)
    expect(parseKeyText(text.replaceAll('-', '')).equals(key)).toBe(true)
    expect(parseKeyText(keyToHex(key).toUpperCase()).equals(key)).toBe(true)
    const groups = text.split('-')
    // One digit off in the 7th group, then two neighbours swapped in the 12th.
    const typo = groups.map((g, i) => (i === 6 ? `${g.slice(0, 5)}${(Number(g[5]) + 1) % 10}` : g))
    expect(() => keyFromRecoveryKey(typo.join('-'))).toThrow('Le groupe 7 de la clé de secours est erroné.')
    const swapped = groups.map((g, i) => (i === 11 ? `${g[1]}${g[0]}${g.slice(2)}` : g))
    if (groups[11][0] !== groups[11][1])
      expect(() => keyFromRecoveryKey(swapped.join('-'))).toThrow(
        'Le groupe 12 de la clé de secours est erroné.',
      )
    expect(() => keyFromRecoveryKey(groups.slice(1).join('-'))).toThrow(
      /16 groupes de 6 chiffres ; 15 groupes/,
    )
    expect(() => parseKeyText('abc')).toThrow(/64 caractères hexadécimaux ; 3 ont été donnés/)
    expect(() => parseKeyText(`${keyToHex(key).slice(1)}g`)).toThrow(/« g »/)
  })
})

// The file's own: the SQLite file's recovery key and its encryption.
describeSqliteOnly('an encrypted database', () => {
  it('is refused without its key or with a wrong one, in French, exit code 1, the files untouched', async () => {
    const key = generateKey()
    const { db } = await encryptedDemo(key)
    expect(fileHead(db)).not.toMatch(/^SQLite format 3/)
    const before = digest(db)
    const wrong = writeKeyFile(dir, generateKey())
    for (const extra of [[], ['--key-file', wrong]]) {
      const result = await runCli('--db', db, ...extra, 'family', 'show', '383304832264')
      expect(result.code).toBe(1)
      expect(result.err).toMatch(
        extra.length ? /La clé donnée n’ouvre pas cette base/ : /Cette base est chiffrée/,
      )
      expect(result.err).toContain('--key-file FICHIER')
      expect(result.err).toContain('MARELLE_DB_KEY')
      expect(result.err).toContain('clé de secours')
      expect(result.err).not.toMatch(STACK_LINE)
      expect(result.err).not.toMatch(/SqliteError|SQLITE_/)
    }
    expect(() => openDatabase(db)).toThrow(/Cette base est chiffrée/)
    expect(() => openDatabase(db, { key: generateKey() })).toThrow(/La clé donnée n’ouvre pas cette base/)
    expect(() => startBackend({ databasePath: db, key: generateKey(), log: silentLog })).toThrow(
      /n’ouvre pas/,
    )
    expect(digest(db)).toEqual(before)
    const badFile = writeKeyFile(dir, key, 'pas une clé')
    expect(await runCli('--db', db, '--key-file', badFile, 'check')).toMatchObject({
      code: 1,
      err: expect.stringMatching(
        /^Fichier de clé .+ : La clé de chiffrement s’écrit avec 64 caractères hexadécimaux/,
      ),
    })
    expect(await runCli('--db', db, '--key-file', join(dir, 'absent.txt'), 'check')).toMatchObject({
      code: 1,
      err: expect.stringMatching(/introuvable ou illisible/),
    })
    expect(await runCli('--db', db, '--key-file', writeKeyFile(dir, key), 'check')).toMatchObject({ code: 0 })
  })

  it('opens on another desktop (a fresh data folder) with the recovery key alone', async () => {
    const key = generateKey()
    const { db } = await encryptedDemo(key)
    const other = join(dir, 'autre-poste')
    mkdirSync(other)
    copyFileSync(db, join(other, 'marelle.db'))
    const moved = join(other, 'marelle.db')
    const recovery = writeKeyFile(dir, key, recoveryKeyOf(key))
    const shown = await runCli(
      '--db',
      moved,
      '--key-file',
      recovery,
      'family',
      'show',
      '383304832264',
      '--json',
    )
    expect(shown.code).toBe(0)
    expect(JSON.parse(shown.out)).toMatchObject({ n_famille: '383304832264' })
    const backend = startBackend({
      databasePath: moved,
      key: keyFromRecoveryKey(recoveryKeyOf(key)),
      log: silentLog,
    })
    try {
      expect(await backend.dispatch('auth/setupAdmin', ADMIN_INPUT, { staffId: null })).toMatchObject({
        ok: true,
      })
    } finally {
      await backend.close()
    }
  })

  it('is re-keyed: the old key is refused afterwards, the new one and its recovery key open it', async () => {
    const key = generateKey()
    const { db } = await encryptedDemo(key)
    const opened = openDatabase(db, { key })
    const families = opened.sqlite.prepare('SELECT count(*) FROM families').pluck().get()
    const next = generateKey()
    rekeyDatabase(opened, next)
    expect(opened.sqlite.prepare('SELECT count(*) FROM families').pluck().get()).toBe(families)
    await opened.close()
    expect(() => openDatabase(db, { key })).toThrow(/La clé donnée n’ouvre pas cette base/)
    const reopened = openDatabase(db, { key: keyFromRecoveryKey(recoveryKeyOf(next)) })
    expect(reopened.sqlite.pragma('journal_mode', { simple: true })).toBe('wal')
    expect(reopened.sqlite.pragma('integrity_check', { simple: true })).toBe('ok')
    await reopened.close()
  })

  it('refuses a re-key while another connection is open, and keeps the old key', async () => {
    const key = generateKey()
    const { db } = await encryptedDemo(key)
    const first = openDatabase(db, { key })
    const second = openDatabase(db, { key })
    expect(() => rekeyDatabase(first, generateKey())).toThrow(/ouverte ailleurs/)
    await second.close()
    await first.close()
    const again = openDatabase(db, { key })
    expect(again.sqlite.pragma('integrity_check', { simple: true })).toBe('ok')
    await again.close()
  })
})

// The file's own: the SQLite file's recovery key and its encryption.
describeSqliteOnly('marelle encrypt and decrypt', () => {
  it('encrypt a plain database and its backups for an administrator, print the recovery key once, and audit it', async () => {
    const db = join(dir, 'marelle.db')
    expect((await runCli('--db', db, 'migrate')).err).toMatch(/Base créée sans chiffrement/)
    expect((await runCli('--db', db, 'demo', '--families', '5', '--seed', '4')).code).toBe(0)
    expect(
      (await runCli('--db', db, 'backup', '--out', join(dir, 'backups', 'sauvegarde-manuelle.db'))).code,
    ).toBe(0)
    const result = await runCli('--db', db, 'encrypt')
    expect(result.code).toBe(0)
    const recovery = result.out.match(/^(\d{6}-){15}\d{6}$/m)?.[0] as string
    expect(recovery).toBeDefined()
    expect(isEncryptedFile(db)).toBe(true)
    expect(isEncryptedFile(join(dir, 'backups', 'sauvegarde-manuelle.db'))).toBe(true)
    expect(readFileSync(db).includes('383304832264')).toBe(false)
    const keyFile = writeKeyFile(dir, keyFromRecoveryKey(recovery), recovery)
    const audit = await runCli('--db', db, '--key-file', keyFile, 'check')
    expect(audit.code).toBe(0)
    const opened = openDatabase(db, { key: keyFromRecoveryKey(recovery) })
    expect(
      opened.sqlite.prepare("SELECT actor FROM audit_log WHERE action = 'database.encrypt'").pluck().all(),
    ).toEqual([expect.stringMatching(/^Ligne de commande/)])
    await opened.close()
    expect(await runCli('--db', db, '--key-file', keyFile, 'encrypt')).toMatchObject({
      code: 1,
      err: expect.stringMatching(/déjà chiffrée/),
    })

    const plain = join(dir, 'support.db')
    const decrypted = await runCli('--db', db, '--key-file', keyFile, 'decrypt', '--out', plain)
    expect(decrypted).toMatchObject({ code: 0, err: expect.stringMatching(/supprimez-la/) })
    expect(fileHead(plain)).toBe('SQLite format 3\0')
    expect(readFileSync(plain).includes('383304832264')).toBe(true)
    expect(isEncryptedFile(db)).toBe(true)
    expect(await runCli('--db', plain, 'check')).toMatchObject({ code: 0 })
    const after = openDatabase(db, { key: keyFromRecoveryKey(recovery) })
    expect(
      after.sqlite.prepare("SELECT note FROM audit_log WHERE action = 'database.decrypt'").pluck().all(),
    ).toEqual([`Copie en clair de la base écrite dans ${plain}`])
    await after.close()
    expect(await runCli('--db', db, '--key-file', keyFile, 'decrypt', '--out', plain)).toMatchObject({
      code: 1,
      err: expect.stringMatching(/existe déjà/),
    })
  })

  it('are refused to a staff member who is not an administrator', async () => {
    const key = generateKey()
    const { db, keyFile } = await encryptedDemo(key)
    const backend = startBackend({ databasePath: db, key, log: silentLog })
    const admin = { staffId: null }
    await backend.dispatch('auth/setupAdmin', ADMIN_INPUT, admin)
    await backend.dispatch(
      'staff/create',
      {
        login: 'agent-1',
        displayName: 'Agent Un',
        role: 'responsable',
        password: 'Marelle-2026!',
        provisional: false,
      },
      admin,
    )
    await backend.close()
    const refused = await runCli(
      '--db',
      db,
      '--key-file',
      keyFile,
      '--as',
      'agent-1',
      'decrypt',
      '--out',
      join(dir, 'x.db'),
    )
    expect(refused).toMatchObject({ code: 1, err: expect.stringMatching(/Seul un administrateur/) })
    expect(existsSync(join(dir, 'x.db'))).toBe(false)
    expect(
      await runCli('--db', db, '--key-file', keyFile, '--as', 'admin', 'decrypt', '--out', join(dir, 'x.db')),
    ).toMatchObject({ code: 0 })
  })
})
