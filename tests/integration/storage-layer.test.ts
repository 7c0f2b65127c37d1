import { spawn } from 'node:child_process'
import { once } from 'node:events'
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { jobLockPath } from '../../src-main/backend/db/storage/sqlite/job-lock'
import { generateDemo } from '../../src-main/backend/demo/generate'
import { createTestBackend, type TestBackend } from '../helpers/backend'
import { itSqliteOnly, onPostgres, openAnotherConnection } from '../helpers/pg-backend'

// The storage layer (docs/architecture.md, « Le stockage »), on the file and,
// under scripts/pg-suite.mjs, on a server; the file's own side-file lock is the
// file's test only (a server's advisory lock with a dying holder: tests/pg).

let backend: TestBackend
beforeEach(() => {
  backend = createTestBackend()
})
afterEach(async () => {
  await backend.dispose()
})

describe('the job lock', () => {
  it('refuses a second holder on another connection to the same database, in French, and frees it after', async () => {
    const other = await openAnotherConnection(backend)
    try {
      let refusal: unknown = null
      const ran = await backend.services.storage.withJobLock('import', async () => {
        await other.storage
          .withJobLock('import', async () => 'twice')
          .catch((error) => {
            refusal = error
          })
        return 'once'
      })
      expect(ran).toBe('once')
      expect(refusal).toMatchObject({
        code: 'BUSY',
        message: expect.stringMatching(/import est déjà en cours/),
      })
      // Released: the other connection takes it now, and a lock of another name was never held.
      await expect(other.storage.withJobLock('import', async () => 'after')).resolves.toBe('after')
      await backend.services.storage.withJobLock('retention', () =>
        expect(other.storage.withJobLock('import', async () => 'beside')).resolves.toBe('beside'),
      )
    } finally {
      await other.close()
    }
  })

  itSqliteOnly('holds against another process, and goes with a process that dies', async () => {
    // Another process holding the import lock as the storage layer takes it (killed below without any cleanup).
    const holder = spawn(
      process.execPath,
      [
        '-e',
        `const D = require('better-sqlite3-multiple-ciphers'); const l = new D(process.argv[1]);
         l.exec('BEGIN EXCLUSIVE'); console.log('held'); setInterval(() => {}, 1000)`,
        jobLockPath(backend.dbPath, 'import'),
      ],
      { stdio: ['ignore', 'pipe', 'inherit'] },
    )
    try {
      const [first] = await once(holder.stdout, 'data')
      expect(String(first)).toMatch(/held/)
      await expect(backend.services.storage.withJobLock('import', async () => 'ran')).rejects.toMatchObject({
        code: 'BUSY',
      })
    } finally {
      holder.kill('SIGKILL')
      await once(holder, 'exit')
    }
    await expect(backend.services.storage.withJobLock('import', async () => 'ran')).resolves.toBe('ran')
  })

  it('refuses a second demo run at once, and lets it run once the first is over', async () => {
    const actor = { staffId: null, login: 'demo', displayName: 'Démo', role: 'administrateur' as const }
    const other = await openAnotherConnection(backend)
    try {
      await other.storage.withJobLock('demo', () =>
        expect(generateDemo(backend.context(actor), { families: 2, seed: 'verrou' })).rejects.toMatchObject({
          code: 'BUSY',
          message: expect.stringMatching(/démonstration est déjà en cours/),
        }),
      )
    } finally {
      await other.close()
    }
    const done = await generateDemo(backend.context(actor), { families: 2, seed: 'verrou' })
    expect(done.counts.families).toBe(3) // the TEST family and the two asked for
  })

  it('is released when the work fails', async () => {
    await expect(
      backend.services.storage.withJobLock('demo', async () => {
        throw new Error('stopped')
      }),
    ).rejects.toThrow('stopped')
    await expect(backend.services.storage.withJobLock('demo', async () => 1)).resolves.toBe(1)
  })
})

describe('the named operations', () => {
  it('say the schema version and the applied migrations', async () => {
    const applied = await backend.services.storage.appliedMigrations()
    expect(applied.length).toBeGreaterThan(10)
    expect(await backend.services.storage.schemaVersion()).toBe(applied.at(-1))
  })

  it('check the database and map a busy error to the French message', async () => {
    expect(await backend.services.storage.check()).toEqual({ ok: true, problems: [] })
    // The engine's own busy error: the file locked, or the server's lock_not_available.
    const busy = onPostgres
      ? Object.assign(new Error('could not obtain lock on row in relation "staff"'), { code: '55P03' })
      : Object.assign(new Error('database is locked'), { code: 'SQLITE_BUSY' })
    expect(backend.services.storage.errorOf(busy)?.message).toMatch(/occupée.*réessayez/)
    expect(backend.services.storage.errorOf(new Error('a bug'))).toBeNull()
  })

  it('write rows in bulk inside a transaction only, returning their ids', async () => {
    const { storage } = backend.services
    expect(() => storage.bulkWriter(storage.db)).toThrow(/inside its transaction/)
    const ids = await storage.transaction(async (trx) => {
      const writer = storage.bulkWriter(trx)
      const structures = writer.table('structures', ['name', 'created_at', 'updated_at'])
      await structures.reserve(2) // a server draws the ids first; the file has nothing to do
      const at = '2026-12-01T08:00:00.000Z'
      const written = [structures.insert(['École A', at, at]), structures.insert(['École B', at, at])]
      await writer.flush()
      return written
    })
    expect(ids[1]).toBe(ids[0]! + 1)
    const rows = await storage.db
      .selectFrom('structures')
      .select(['id', 'name'])
      .where('id', 'in', ids)
      .execute()
    expect(rows).toEqual([
      { id: ids[0], name: 'École A' },
      { id: ids[1], name: 'École B' },
    ])
  })
})
