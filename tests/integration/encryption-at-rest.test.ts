import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterEach, beforeEach, expect, it } from 'vitest'
import { type Backend, startBackend } from '../../src-main/backend/bootstrap'
import { decryptTo } from '../../src-main/backend/db/cipher'
import { runDailyBackup } from '../../src-main/backend/db/daily'
import { openDatabase } from '../../src-main/backend/db/open'
import { generateKey, keyToHex } from '../../src-main/backend/encryption/key'
import { recoveryKeyOf } from '../../src-main/backend/encryption/recovery-key'
import type { JobView } from '../../src-shared/contract/jobs'
import { ADMIN_INPUT, TestClock } from '../helpers/backend'
import { runCli } from '../helpers/cli'
import { fileHead, fileLogger, filesUnder, plainTextHits, writeKeyFile } from '../helpers/encryption'
import { describeSqliteOnly } from '../helpers/pg-backend'
import { syntheticSet, writeSyntheticFiles } from '../helpers/synthetic-family-files'

// docs/chiffrement.md: with a key, the database, its WAL, the daily and
// manual backups hold no readable family data; the files staged for an
// import are gone once it is written; the log holds neither names nor the key.

let dir: string
let sources: string
let backend: Backend | null = null
beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'marelle-chiffre-'))
  sources = mkdtempSync(join(tmpdir(), 'marelle-sources-'))
})
afterEach(async () => {
  await backend?.close()
  backend = null
  rmSync(dir, { recursive: true, force: true })
  rmSync(sources, { recursive: true, force: true })
})

async function call<T>(b: Backend, channel: string, input: unknown, session: { staffId: number | null }) {
  const envelope = await b.dispatch(channel, input, session)
  if (!envelope.ok) throw new Error(envelope.error.message)
  return envelope.value as T
}

async function finished(b: Backend, id: string, session: { staffId: number | null }): Promise<JobView> {
  for (;;) {
    const status = await call<JobView>(b, 'jobs/status', { id }, session)
    if (status.state !== 'running') return status
    await new Promise((r) => setTimeout(r, 50))
  }
}

// The file's own: encryption of the SQLite file, its backups and staged files.
describeSqliteOnly('an encrypted database, its backups, staged files and log', () => {
  it('hold no child name, allergy or imported family after a demo and a CSV import', async () => {
    const key = generateKey()
    const keyFile = writeKeyFile(sources, key)
    const db = join(dir, 'marelle.db')
    expect((await runCli('--db', db, '--key-file', keyFile, 'migrate')).code).toBe(0)
    expect(
      (await runCli('--db', db, '--key-file', keyFile, 'demo', '--families', '50', '--seed', '1')).code,
    ).toBe(0)

    const logPath = join(dir, 'logs', 'main.log')
    backend = startBackend({
      databasePath: db,
      key,
      log: fileLogger(logPath),
      clock: new TestClock(new Date('2026-12-01T08:00:00Z')),
      logsDir: join(dir, 'logs'),
    })
    const admin = { staffId: null }
    await call(backend, 'auth/setupAdmin', ADMIN_INPUT, admin)

    // A CSV import through the staging folder and a worker thread, as in the window.
    const set = syntheticSet(20, 7000)
    const { importId } = await call<{ importId: string }>(backend, 'csv/importCreate', {}, admin)
    for (const path of writeSyntheticFiles(set, sources)) {
      const data = readFileSync(path)
      await call(
        backend,
        'csv/importUpload',
        { importId, name: path.split('/').pop(), offset: 0, base64: data.toString('base64') },
        admin,
      )
    }
    const run = await finished(
      backend,
      (await call<{ jobId: string }>(backend, 'csv/importRun', { importId }, admin)).jobId,
      admin,
    )
    expect(run.state).toBe('done')
    // The daily copy and a manual one, both in worker threads.
    expect(await runDailyBackup(backend.services, 50)).not.toBeNull()
    const manual = await finished(
      backend,
      (await call<{ jobId: string }>(backend, 'system/backupNow', {}, admin)).jobId,
      admin,
    )
    expect(manual.state).toBe('done')

    // What to look for: read back with the key, so that the search looks for what is really there.
    const reader = openDatabase(db, { key, readonly: true })
    const one = (sql: string) => reader.sqlite.prepare(sql).pluck().get() as string
    const needles = [
      one('SELECT last_name FROM children ORDER BY length(last_name) DESC, id LIMIT 1'),
      one("SELECT first_name FROM children WHERE identifier LIKE '4%' ORDER BY id LIMIT 1"),
      one("SELECT label FROM health_conditions WHERE kind = 'allergie' ORDER BY id LIMIT 1"),
      String(set.guardians[0].email),
      String(set.guardians[0].address_line1),
      keyToHex(key),
      recoveryKeyOf(key),
    ]
    await reader.close()
    expect(needles.every((n) => n.length >= 5)).toBe(true)

    const files = () => filesUnder(dir)
    expect(existsSync(`${db}-wal`)).toBe(true)
    expect(files().filter((f) => f.includes('backups')).length).toBeGreaterThanOrEqual(2)
    expect(existsSync(logPath)).toBe(true)
    expect(plainTextHits(files(), needles)).toEqual([])
    for (const file of files().filter((f) => f.endsWith('.db')))
      expect(fileHead(file)).not.toMatch(/^SQLite format 3/)
    await backend.close()
    backend = null
    expect(plainTextHits(files(), needles)).toEqual([])

    // The same search finds them all in a plain copy: it can fail.
    const plain = join(sources, 'copie-en-clair.db')
    decryptTo(db, key, plain)
    expect(plainTextHits([plain], needles.slice(0, 5))).toEqual(
      needles.slice(0, 5).map((n) => `${plain}: ${n}`),
    )
  }, 120_000)
})
