import { existsSync } from 'node:fs'
import BetterSqlite3 from 'better-sqlite3-multiple-ciphers'
import { afterEach, describe, expect, it } from 'vitest'
import { jobContext } from '../../src-main/backend/jobs/context'
import type { JobView } from '../../src-shared/contract/jobs'
import { createTestBackend, signedInAdmin, type TestBackend } from '../helpers/backend'
import { itSqliteOnly } from '../helpers/pg-backend'

let backend: TestBackend
afterEach(async () => backend.dispose())

async function waitFor(session: object, id: string): Promise<JobView> {
  for (;;) {
    const status = await backend.call<JobView>('jobs/status', { id }, session as never)
    if (status.state !== 'running') return status
    await new Promise((r) => setTimeout(r, 50))
  }
}

describe('long tasks in worker threads', () => {
  // The file's own: a copy of the SQLite file (a server's copies are its administrator's pg_dump).
  itSqliteOnly(
    'back up the database from a worker, with progress, readable by the one who started it',
    async () => {
      backend = createTestBackend()
      const admin = await signedInAdmin(backend)
      const { jobId } = await backend.call<{ jobId: string }>('system/backupNow', {}, admin)
      const done = await waitFor(admin, jobId)
      expect(done.state).toBe('done')
      expect(done.progress.total).toBeGreaterThan(0)
      expect(done.progress.done).toBe(done.progress.total)
      const path = (done.result as { path: string }).path
      expect(existsSync(path)).toBe(true)
      const copy = new BetterSqlite3(path, { readonly: true })
      expect(copy.prepare('SELECT login FROM staff').pluck().all()).toEqual(['admin'])
      copy.close()
      // Another staff member cannot follow someone else's task.
      await backend.call(
        'staff/create',
        {
          login: 'autre',
          displayName: 'Autre',
          role: 'administrateur',
          password: 'Marelle-2026!',
          provisional: false,
        },
        admin,
      )
      const other = backend.session()
      await backend.call('auth/login', { login: 'autre', password: 'Marelle-2026!' }, other)
      expect(await backend.dispatch('jobs/status', { id: jobId }, other)).toMatchObject({
        ok: false,
        error: { code: 'NOT_FOUND' },
      })
    },
  )

  it('say in French that file dialogs exist only in the desktop app', async () => {
    backend = createTestBackend()
    const admin = await signedInAdmin(backend)
    const envelope = await backend.dispatch('files/chooseSave', { title: 'Exporter' }, admin)
    expect(envelope).toMatchObject({ ok: false, error: { code: 'UNAVAILABLE' } })
  })
})

describe('job context', () => {
  it('throttles progress reports and stops work when cancelled', () => {
    backend = createTestBackend()
    const reports: unknown[] = []
    let cancelled = false
    const ctx = jobContext(
      backend.context({ staffId: null, login: 'x', displayName: 'X', role: 'administrateur' }),
      (p) => reports.push(p),
      () => cancelled,
      60_000,
    )
    ctx.progress({ phase: 'Lecture', total: 10 })
    for (let i = 1; i <= 10; i++) ctx.progress({ done: i })
    expect(reports).toHaveLength(1) // the phase change only; counts wait for the interval
    ctx.flush()
    expect(reports.at(-1)).toEqual({ phase: 'Lecture', total: 10, done: 10 })
    ctx.throwIfCancelled()
    cancelled = true
    expect(() => ctx.throwIfCancelled()).toThrow('Opération annulée')
  })
})
