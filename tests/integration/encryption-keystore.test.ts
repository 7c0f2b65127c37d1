import { mkdtempSync, readFileSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import BetterSqlite3 from 'better-sqlite3-multiple-ciphers'
import { afterEach, beforeEach, expect, it } from 'vitest'
import { startBackend } from '../../src-main/backend/bootstrap'
import type { Session } from '../../src-main/backend/context'
import { applyKey, isEncryptedFile } from '../../src-main/backend/db/cipher'
import { openDatabase } from '../../src-main/backend/db/open'
import type { KeyStore } from '../../src-main/backend/encryption/key-store'
import { keyFromRecoveryKey, recoveryKeyOf } from '../../src-main/backend/encryption/recovery-key'
import { type GatedBackend, startKeyedBackend } from '../../src-main/backend/encryption/unlock'
import { ADMIN_INPUT, silentLog, TestClock } from '../helpers/backend'
import { memoryKeyStore, storedKey } from '../helpers/key-store'
import { describeSqliteOnly } from '../helpers/pg-backend'
import { sqliteOf } from '../helpers/sqlite'

// The key kept by the desktop, the recovery key and the re-key, through the
// key store interface the desktop app fills with Electron's safeStorage
// (issue 14 points 2 and 5; docs/chiffrement.md).

let dir: string
let dbPath: string
const open: GatedBackend[] = []

beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'marelle-keystore-'))
  dbPath = join(dir, 'marelle.db')
})
afterEach(async () => {
  for (const backend of open.splice(0)) await backend.close()
  rmSync(dir, { recursive: true, force: true })
})

function start(keyStore: KeyStore): GatedBackend {
  const backend = startKeyedBackend({
    databasePath: dbPath,
    log: silentLog,
    clock: new TestClock(),
    keyStore,
  })
  open.push(backend)
  return backend
}

async function close(backend: GatedBackend): Promise<void> {
  open.splice(open.indexOf(backend), 1)
  await backend.close()
}

async function call<T = unknown>(backend: GatedBackend, channel: string, input: unknown, session: Session) {
  const envelope = await backend.dispatch(channel, input, session)
  if (!envelope.ok) throw Object.assign(new Error(envelope.error.message), { payload: envelope.error })
  return envelope.value as T
}

async function refusal(backend: GatedBackend, channel: string, input: unknown, session: Session) {
  const envelope = await backend.dispatch(channel, input, session)
  if (envelope.ok) throw new Error(`${channel} was not refused`)
  return envelope.error
}

async function adminOf(backend: GatedBackend): Promise<Session> {
  const session = { staffId: null }
  await call(backend, 'auth/setupAdmin', ADMIN_INPUT, session)
  return session
}

async function signIn(backend: GatedBackend): Promise<Session> {
  const session = { staffId: null }
  await call(backend, 'auth/login', { login: ADMIN_INPUT.login, password: ADMIN_INPUT.password }, session)
  return session
}

// The file's own: the SQLite file's key store.
describeSqliteOnly('first start', () => {
  it('creates a key, stores it before the database, and creates the database encrypted', async () => {
    const store = memoryKeyStore()
    const backend = start(store)
    expect(backend.lockState()).toEqual({ locked: false, reason: null })
    const key = storedKey(store)
    expect(key).toHaveLength(32)
    expect(isEncryptedFile(dbPath)).toBe(true)
    expect(readFileSync(dbPath).subarray(0, 16).toString('latin1')).not.toContain('SQLite format')

    // The first administrator sees the recovery key until they say they keep it.
    const admin = await adminOf(backend)
    sqliteOf(backend.current()!.services)
      .prepare("INSERT INTO settings (key, value, updated_at) VALUES ('commune.name', ?, '2026-11-27')")
      .run(JSON.stringify('Biviers'))
    const view = await call<{ recoveryKey: string }>(backend, 'encryption/pendingRecoveryKey', {}, admin)
    expect(view).toMatchObject({ communeName: 'Biviers' })
    expect(view.recoveryKey).toBe(recoveryKeyOf(key))
    expect(view.recoveryKey).toMatch(/^(\d{6}-){15}\d{6}$/)
    expect(await call(backend, 'encryption/pendingRecoveryKey', {}, await signIn(backend))).toEqual(view)
    expect((await refusal(backend, 'encryption/acknowledgeRecoveryKey', {}, admin)).message).toMatch(
      /Clé conservée/,
    )
    await call(backend, 'encryption/acknowledgeRecoveryKey', { kept: true }, admin)
    expect(store.recoveryShown()).toBe(true)
    expect(await call(backend, 'encryption/pendingRecoveryKey', {}, admin)).toBeNull()

    const status = await call<Record<string, unknown>>(backend, 'encryption/status', {}, admin)
    expect(status).toMatchObject({
      encrypted: true,
      algorithm: 'sqlcipher',
      lastRekeyAt: null,
      canRegenerate: true,
    })
    const audit = sqliteOf(backend.current()!.services)
      .prepare("SELECT action, note FROM audit_log WHERE entity_type = 'database'")
      .all() as { action: string; note: string }[]
    expect(audit.map((a) => a.action)).toEqual(['database.recovery_key_kept'])
    expect(JSON.stringify(audit)).not.toContain(view.recoveryKey.slice(0, 13))
  }, 60_000)

  it('encrypts a plain database found at start-up, keeping its content', async () => {
    const plain = startBackend({ databasePath: dbPath, log: silentLog })
    await call({ dispatch: plain.dispatch } as GatedBackend, 'auth/setupAdmin', ADMIN_INPUT, {
      staffId: null,
    })
    await plain.close()
    expect(isEncryptedFile(dbPath)).toBe(false)

    const store = memoryKeyStore()
    const backend = start(store)
    expect(isEncryptedFile(dbPath)).toBe(true)
    const admin = await signIn(backend)
    expect(await call(backend, 'encryption/pendingRecoveryKey', {}, admin)).toMatchObject({
      recoveryKey: recoveryKeyOf(storedKey(store)),
    })
  }, 60_000)

  it('opens with the stored key at the next start, without showing the recovery key again once kept', async () => {
    const store = memoryKeyStore()
    const first = start(store)
    const admin = await adminOf(first)
    await call(first, 'encryption/acknowledgeRecoveryKey', { kept: true }, admin)
    await close(first)
    const again = start(store)
    expect(again.lockState().locked).toBe(false)
    expect(store.saves).toBe(1)
    expect(await call(again, 'encryption/pendingRecoveryKey', {}, await signIn(again))).toBeNull()
  }, 60_000)
})

// The file's own: the SQLite file's key store.
describeSqliteOnly('recovery when the stored key cannot be read', () => {
  async function encryptedWithAdmin(): Promise<{ recoveryKey: string }> {
    const store = memoryKeyStore()
    const backend = start(store)
    await adminOf(backend)
    const recoveryKey = recoveryKeyOf(storedKey(store))
    await close(backend)
    return { recoveryKey }
  }

  it('asks for the recovery key, refuses a wrong one in French, then stores the key again and opens', async () => {
    const { recoveryKey } = await encryptedWithAdmin()
    // "Another desktop": a key store that has never seen this database.
    const store = memoryKeyStore()
    const backend = start(store)
    expect(backend.lockState()).toEqual({ locked: true, reason: 'absent' })
    expect(backend.current()).toBeNull()
    const session: Session = { staffId: null }
    expect(await call(backend, 'encryption/lockState', {}, session)).toEqual({
      locked: true,
      reason: 'absent',
    })
    expect(await refusal(backend, 'auth/status', {}, session)).toMatchObject({
      code: 'LOCKED',
      message: expect.stringMatching(/clé de secours/),
    })

    const groups = recoveryKey.split('-')
    const typo = [...groups]
    typo[2] = String((Number(typo[2]) + 1) % 1_000_000).padStart(6, '0')
    expect(
      await refusal(backend, 'encryption/recover', { recoveryKey: typo.join('-') }, session),
    ).toMatchObject({
      code: 'VALIDATION',
      message: 'Le groupe 3 de la clé de secours est erroné.',
      fields: [{ path: 'recoveryKey' }],
    })
    // Well formed, but another database's key.
    const other = recoveryKeyOf(Buffer.alloc(32, 7))
    expect(await refusal(backend, 'encryption/recover', { recoveryKey: other }, session)).toMatchObject({
      code: 'VALIDATION',
      message: expect.stringMatching(/n’ouvre pas la base/),
    })
    expect(store.stored.state).toBe('absent')
    expect(backend.lockState().locked).toBe(true)

    // Typed without dashes, in one row: accepted.
    await call(backend, 'encryption/recover', { recoveryKey: groups.join('') }, session)
    expect(backend.lockState()).toEqual({ locked: false, reason: null })
    expect(recoveryKeyOf(storedKey(store))).toBe(recoveryKey)
    expect(store.recoveryShown()).toBe(true)
    const admin = await signIn(backend)
    expect(await call(backend, 'encryption/pendingRecoveryKey', {}, admin)).toBeNull()
    expect((await refusal(backend, 'encryption/recover', { recoveryKey }, session)).code).toBe('CONFLICT')
    const actions = sqliteOf(backend.current()!.services)
      .prepare("SELECT action FROM audit_log WHERE entity_type = 'database'")
      .pluck()
      .all()
    expect(actions).toEqual(['database.recovered'])

    // The next start opens with the key stored again.
    await close(backend)
    expect(start(store).lockState().locked).toBe(false)
  }, 60_000)

  it('says why it is locked: an unreadable store, or a stored key that is not this database’s', async () => {
    const { recoveryKey } = await encryptedWithAdmin()
    const unreadable = start(memoryKeyStore({ state: 'unreadable', reason: 'autre profil Windows' }))
    expect(unreadable.lockState()).toEqual({ locked: true, reason: 'unreadable' })
    await close(unreadable)
    const otherKey = memoryKeyStore({ state: 'present', key: Buffer.alloc(32, 9) })
    const wrong = start(otherKey)
    expect(wrong.lockState()).toEqual({ locked: true, reason: 'wrong-key' })
    // Two clicks at once: one opens the database, the other finds it open.
    const both = await Promise.all([
      wrong.dispatch('encryption/recover', { recoveryKey }, { staffId: null }),
      wrong.dispatch('encryption/recover', { recoveryKey }, { staffId: null }),
    ])
    expect(both.map((e) => (e.ok ? 'ok' : e.error.code))).toEqual(['ok', 'CONFLICT'])
    expect(otherKey.saves).toBe(1)
    expect(recoveryKeyOf(storedKey(otherKey))).toBe(recoveryKey)
    expect(wrong.lockState().locked).toBe(false)
  }, 60_000)
})

// The file's own: the SQLite file's key store.
describeSqliteOnly('a new recovery key', () => {
  it('re-keys the database: the old recovery key is refused, the new one opens it', async () => {
    const store = memoryKeyStore()
    const backend = start(store)
    const admin = await adminOf(backend)
    await call(backend, 'encryption/acknowledgeRecoveryKey', { kept: true }, admin)
    const oldRecovery = recoveryKeyOf(storedKey(store))

    const fresh = await call<{ recoveryKey: string }>(backend, 'encryption/regenerate', {}, admin)
    expect(fresh.recoveryKey).not.toBe(oldRecovery)
    expect(recoveryKeyOf(storedKey(store))).toBe(fresh.recoveryKey)
    // Shown again until an administrator confirms keeping the new one.
    expect(store.recoveryShown()).toBe(false)
    expect(await call(backend, 'encryption/pendingRecoveryKey', {}, admin)).toMatchObject(fresh)
    // The open database keeps working with the new key.
    expect(await call(backend, 'auth/status', {}, admin)).toMatchObject({
      staff: { login: ADMIN_INPUT.login },
    })
    const status = await call<{ lastRekeyAt: string | null }>(backend, 'encryption/status', {}, admin)
    expect(status.lastRekeyAt).toBe(new TestClock().now().toISOString())
    const audit = JSON.stringify(
      sqliteOf(backend.current()!.services)
        .prepare("SELECT * FROM audit_log WHERE action = 'database.rekey'")
        .all(),
    )
    expect(audit).toContain('database.rekey')
    expect(audit).not.toContain(fresh.recoveryKey.slice(0, 13))
    expect(audit).not.toContain(storedKey(store).toString('hex').slice(0, 16))

    // Job workers and backups get the new key: a manual backup opens with it, not with the old one.
    const { jobId } = await call<{ jobId: string }>(backend, 'system/backupNow', {}, admin)
    const jobs = backend.current()?.services.jobs
    if (!jobs) throw new Error('no job manager')
    const job = await jobs.wait(jobId)
    expect(job).toMatchObject({ state: 'done' })
    const copy = (job.result as { path: string }).path
    const reopened = openDatabase(copy, { key: storedKey(store), readonly: true })
    expect(reopened.sqlite.prepare('SELECT count(*) FROM staff').pluck().get()).toBe(1)
    await reopened.close()
    expect(() => openDatabase(copy, { key: keyFromRecoveryKey(oldRecovery), readonly: true })).toThrow(
      /La clé donnée n’ouvre pas cette base/,
    )
    await close(backend)

    const elsewhere = start(memoryKeyStore())
    expect(elsewhere.lockState().locked).toBe(true)
    expect(
      await refusal(elsewhere, 'encryption/recover', { recoveryKey: oldRecovery }, { staffId: null }),
    ).toMatchObject({ message: expect.stringMatching(/n’ouvre pas la base/) })
    await call(elsewhere, 'encryption/recover', { recoveryKey: fresh.recoveryKey }, { staffId: null })
    expect(elsewhere.lockState().locked).toBe(false)
  }, 60_000)
})

// The file's own: the SQLite file's key store.
describeSqliteOnly('a re-key that cannot be done', () => {
  it('leaves the database and the store on the old key when another connection holds the file', async () => {
    const store = memoryKeyStore()
    const backend = start(store)
    const admin = await adminOf(backend)
    const oldKey = Buffer.from(storedKey(store))
    // Another process reading the database: SQLite cannot leave WAL mode for the re-key.
    const other = new BetterSqlite3(dbPath)
    applyKey(other, oldKey)
    other.prepare('SELECT count(*) FROM staff').get()
    try {
      expect(await refusal(backend, 'encryption/regenerate', {}, admin)).toMatchObject({
        code: 'BUSY',
        message: expect.stringMatching(/ouverte ailleurs/),
      })
    } finally {
      other.close()
    }
    expect(storedKey(store)).toEqual(oldKey)
    // Not confirmed before, still to be shown.
    expect(store.recoveryShown()).toBe(false)
    expect(await call(backend, 'encryption/pendingRecoveryKey', {}, admin)).toMatchObject({
      recoveryKey: recoveryKeyOf(oldKey),
    })
    await close(backend)
    expect(start(store).lockState().locked).toBe(false)
  }, 60_000)
})

// The file's own: the SQLite file's key store.
describeSqliteOnly('access', () => {
  it('refuses agents every administrator channel of encryption', async () => {
    const backend = start(memoryKeyStore())
    const admin = await adminOf(backend)
    await call(
      backend,
      'staff/create',
      {
        login: 'l.martin',
        displayName: 'Léa Martin',
        role: 'agent',
        password: 'Bienvenue-2026',
        provisional: false,
      },
      admin,
    )
    const agent = { staffId: null }
    await call(backend, 'auth/login', { login: 'l.martin', password: 'Bienvenue-2026' }, agent)
    for (const [channel, input] of [
      ['encryption/pendingRecoveryKey', {}],
      ['encryption/acknowledgeRecoveryKey', { kept: true }],
      ['encryption/status', {}],
      ['encryption/regenerate', {}],
    ] as const)
      expect(await refusal(backend, channel, input, agent)).toMatchObject({ code: 'FORBIDDEN' })
    // Nothing was changed by the refusals.
    expect(await call(backend, 'encryption/pendingRecoveryKey', {}, admin)).not.toBeNull()
  }, 60_000)
})
