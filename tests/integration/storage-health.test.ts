import { existsSync, readdirSync, rmSync, utimesSync } from 'node:fs'
import { join } from 'node:path'
import BetterSqlite3 from 'better-sqlite3-multiple-ciphers'
import { afterEach, expect, it } from 'vitest'
import { startBackend } from '../../src-main/backend/bootstrap'
import { dailyBackup } from '../../src-main/backend/db/backup'
import { runDailyBackup } from '../../src-main/backend/db/daily'
import { quickCheck } from '../../src-main/backend/db/health'
import type { StorageHealthView } from '../../src-shared/contract/system'
import { createTestBackend, signedInAdmin, silentLog, type TestBackend } from '../helpers/backend'
import { runCli } from '../helpers/cli'
import { damagePageInPlace, damageTable } from '../helpers/damage'
import { signedInAs } from '../helpers/families'
import { describeSqliteOnly } from '../helpers/pg-backend'
import { sqliteOf } from '../helpers/sqlite'

let backend: TestBackend
afterEach(async () => backend.dispose())

const DAY1 = new Date('2026-11-27T08:00:00Z')
const DAY2 = new Date('2026-11-28T08:00:00Z')

/** A backend with families in it; returns the admin session. */
async function withFamilies(count = 40) {
  backend = createTestBackend()
  const admin = await signedInAdmin(backend)
  for (let i = 0; i < count; i++)
    await backend.call(
      'families/create',
      { number: String(100000 + i), responsable: { nom: `FAMILLE${i}`, prenom: 'Jean' } },
      admin,
    )
  return admin
}

/** Closes the test backend, damages its families table and starts the app again on the file. */
async function restartDamaged(): Promise<TestBackend> {
  await backend.close()
  damageTable(backend.dbPath, 'families')
  const again = startBackend({ databasePath: backend.dbPath, log: silentLog, clock: backend.clock })
  backend = {
    ...backend,
    ...again,
    async call(channel, input, session) {
      const envelope = await again.dispatch(channel, input, session)
      if (!envelope.ok) throw Object.assign(new Error(envelope.error.message), { payload: envelope.error })
      return envelope.value as never
    },
    async dispose() {
      await again.close()
      rmSync(backend.dir, { recursive: true, force: true })
    },
  }
  return backend
}

const backupsOf = (b: TestBackend) => join(b.dir, 'backups')

describeSqliteOnly('the database check', () => {
  it('at start-up finds a damaged page that opens normally, and says so to every role', async () => {
    const admin = await withFamilies()
    const agent = await signedInAs(backend, admin, 'agent')
    const before = await backend.call<StorageHealthView>('system/storageHealth', {}, agent)
    expect(before).toMatchObject({ ok: true, complete: true, problems: [], latestGoodBackup: null })
    await restartDamaged()
    const session = backend.session()
    await backend.call('auth/login', { login: 'admin', password: 'Marelle-2026!' }, session)
    const health = await backend.call<StorageHealthView>('system/storageHealth', {}, session)
    expect(health.ok).toBe(false)
    expect(health.problems[0]).toMatch(/^Table « families » : /)
  })

  it('is bounded in time: with no time left it stops after the first table and says it is partial', async () => {
    await withFamilies(3)
    const partial = quickCheck(sqliteOf(backend.services), { budgetMs: 0 })
    expect(partial).toMatchObject({ ok: true, complete: false, tablesChecked: 1 })
    expect(partial.tablesTotal).toBeGreaterThan(10)
    expect(quickCheck(sqliteOf(backend.services), { budgetMs: Number.POSITIVE_INFINITY })).toMatchObject({
      ok: true,
      complete: true,
    })
  })
})

describeSqliteOnly('the daily backup', () => {
  it('never lets a damaged database replace the good copies', async () => {
    await withFamilies()
    const dir = backupsOf(backend)
    const first = await dailyBackup(sqliteOf(backend.services), dir, DAY1, 1)
    expect(first).not.toBeNull()
    await restartDamaged()
    await expect(dailyBackup(sqliteOf(backend.services), dir, DAY2, 1)).rejects.toThrow(
      /La base est endommagée .* la sauvegarde du jour n’a pas été faite et les sauvegardes précédentes sont gardées/,
    )
    expect(readdirSync(dir).filter((f) => f.startsWith('sauvegarde-auto-'))).toEqual([
      'sauvegarde-auto-2026-11-27.db',
    ])
    const copy = new BetterSqlite3(first!, { readonly: true })
    expect(copy.pragma('integrity_check')).toEqual([{ integrity_check: 'ok' }])
    expect(copy.prepare('SELECT count(*) FROM families').pluck().get()).toBe(40)
    copy.close()
  })
})

describeSqliteOnly('the daily backup of the app, in a worker thread', () => {
  it('copies a sound database, and reports a damage the bounded start-up check could not reach', {
    timeout: 60_000,
  }, async () => {
    const admin = await withFamilies(10)
    const path = await runDailyBackup(backend.services, 50)
    expect(path).toMatch(/sauvegarde-auto-\d{4}-\d{2}-\d{2}\.db$/)
    expect(await runDailyBackup(backend.services, 50)).toBeNull() // once a day
    rmSync(path!)
    // Damaged after the start-up check passed (as a disk fails during the day).
    sqliteOf(backend.services).pragma('wal_checkpoint(TRUNCATE)')
    damagePageInPlace(backend.dbPath, 'families', sqliteOf(backend.services))
    expect(await runDailyBackup(backend.services, 50)).toBeNull()
    expect(readdirSync(backupsOf(backend)).filter((f) => f.startsWith('sauvegarde-auto-'))).toEqual([])
    const health = await backend.call<StorageHealthView>('system/storageHealth', {}, admin)
    expect(health.ok).toBe(false)
    expect(health.problems[0]).toMatch(/^Table « families » : /)
  })
})

describeSqliteOnly('restoring the latest good backup', () => {
  it('offers the newest sound copy with its date, skipping a damaged one, and restores it for the administrator', async () => {
    const admin = await withFamilies()
    const dir = backupsOf(backend)
    const good = (await dailyBackup(sqliteOf(backend.services), dir, DAY1))!
    utimesSync(good, DAY1, DAY1)
    // A newer copy that is itself damaged must not be offered.
    const bad = (await dailyBackup(sqliteOf(backend.services), dir, DAY2))!
    damageTable(bad, 'families')
    utimesSync(bad, DAY2, DAY2)
    const agent = await signedInAs(backend, admin, 'agent')
    await restartDamaged()
    const session = backend.session()
    await backend.call('auth/login', { login: 'admin', password: 'Marelle-2026!' }, session)
    const health = await backend.call<StorageHealthView>('system/storageHealth', {}, session)
    expect(health.latestGoodBackup).toEqual({
      name: 'sauvegarde-auto-2026-11-27.db',
      takenAt: DAY1.toISOString(),
    })

    const refused = await backend.dispatch(
      'system/restoreBackup',
      { name: 'sauvegarde-auto-2026-11-27.db' },
      agent,
    )
    expect(refused).toMatchObject({ ok: false })
    for (const name of ['../marelle.db', '/etc/passwd', 'x.txt'])
      expect(await backend.dispatch('system/restoreBackup', { name }, session)).toMatchObject({
        ok: false,
        error: { code: 'VALIDATION' },
      })

    const restored = await backend.call<StorageHealthView & { keptDamaged: string }>(
      'system/restoreBackup',
      { name: 'sauvegarde-auto-2026-11-27.db' },
      session,
    )
    expect(restored).toMatchObject({ ok: true, complete: true, problems: [] })
    expect(existsSync(restored.keptDamaged)).toBe(true)
    expect(restored.keptDamaged).toMatch(/marelle-endommagee-.*\.db$/)
    // The live connection reads the restored file.
    const sqlite = sqliteOf(backend.services)
    expect(sqlite.prepare('SELECT count(*) FROM families').pluck().get()).toBe(40)
    expect(sqlite.pragma('integrity_check')).toEqual([{ integrity_check: 'ok' }])
    expect(
      sqlite.prepare("SELECT actor, note FROM audit_log WHERE action = 'database.restore'").all(),
    ).toEqual([
      {
        actor: 'Camille Admin',
        note: expect.stringContaining('Base restaurée depuis sauvegarde-auto-2026-11-27.db'),
      },
    ])
    expect((await backend.call<StorageHealthView>('system/storageHealth', {}, session)).ok).toBe(true)
  })

  it('from the command line too: `marelle restore` picks the latest good copy', async () => {
    await withFamilies(5)
    const dir = backupsOf(backend)
    await dailyBackup(sqliteOf(backend.services), dir, DAY1)
    await backend.close()
    damageTable(backend.dbPath, 'families')
    const damaged = await runCli('--db', backend.dbPath, 'family', 'show', '100001')
    expect(damaged.code).toBe(1)
    const result = await runCli('--db', backend.dbPath, 'restore')
    expect(result).toMatchObject({ code: 0 })
    expect(result.out).toMatch(
      /^Base restaurée depuis sauvegarde-auto-2026-11-27\.db \(copie du \d{2}\/\d{2}\/\d{4} \d{2}:\d{2}\)/,
    )
    expect((await runCli('--db', backend.dbPath, 'check')).code).toBe(0)
    expect((await runCli('--db', backend.dbPath, 'family', 'show', '100001')).code).toBe(0)
    // dispose() closes again: reopen so that it has something to close.
    const again = startBackend({ databasePath: backend.dbPath, log: silentLog })
    backend = { ...backend, close: again.close }
  })
})
