import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import type { FamilyFile } from '@shared/contract/families'
import type { QueuePage, RequestReview } from '@shared/contract/requests'
import { sql } from 'kysely'
import { afterAll, beforeAll, expect, it, vi } from 'vitest'
import { type Backend, startServerBackend } from '../../src-main/backend/bootstrap'
import type { Session } from '../../src-main/backend/context'
import { main } from '../../src-main/cli/main'
import { ADMIN_INPUT, silentLog } from '../helpers/backend'
import { describePg, testDatabase } from './helpers'

// Two web hosts on one PostgreSQL database (issue 12, « Done when »): each
// its own back-end and pool, as two desktops. They decide the same request
// (one wins, nothing applied twice) and save the same responsable from the
// same version (the second gets the French conflict message).

vi.setConfig({ testTimeout: 120_000 })

const quiet = { out: () => {}, err: () => {} }
let dir: string

beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'marelle-two-hosts-'))
})
afterAll(() => rmSync(dir, { recursive: true, force: true }))

async function call<T>(backend: Backend, channel: string, input: unknown, session: Session): Promise<T> {
  const envelope = await backend.dispatch(channel, input, session)
  if (!envelope.ok) throw Object.assign(new Error(envelope.error.message), { payload: envelope.error })
  return envelope.value as T
}

describePg('two web hosts on one PostgreSQL database', () => {
  const pg = testDatabase({ empty: true })
  let one: Backend
  let two: Backend
  let admin: Session

  beforeAll(async () => {
    // A demo moved to the server, as a commune does (transfer).
    const file = join(dir, 'demo.db')
    expect(await main(['--db', file, 'migrate'], quiet)).toBe(0)
    expect(await main(['--db', file, 'demo', '--families', '30', '--seed', '3'], quiet)).toBe(0)
    expect(await main(['--db', file, 'transfer', '--to', pg.url], quiet)).toBe(0)
    one = await startServerBackend({ databaseUrl: pg.url, localDir: join(dir, 'un'), log: silentLog })
    two = await startServerBackend({ databaseUrl: pg.url, localDir: join(dir, 'deux'), log: silentLog })
    const signed = await call<{ id: number }>(one, 'auth/setupAdmin', ADMIN_INPUT, { staffId: null })
    admin = { staffId: signed.id }
  })
  afterAll(async () => {
    await one?.close()
    await two?.close()
  })

  // Skipped until requests/decision-writes.ts types its CASE id WHEN … parameters: PostgreSQL
  // refuses « operator does not exist: bigint = text » (docs/architecture.md, « Mode serveur »).
  it('decide the same pending request at once: one wins, the other is refused, applied once', async () => {
    const page = await call<QueuePage>(one, 'requests/list', { states: ['pending'] }, admin)
    const first = page.rows[0]
    expect(first).toBeDefined()
    const review = await call<RequestReview>(two, 'requests/get', { id: first.id }, admin)
    const input = {
      id: review.id,
      version: review.version,
      outcomes: review.lines.map((l) => ({ field: l.field, accept: true })),
    }
    const auditBefore = await sql<{ n: number }>`SELECT count(*)::int AS n FROM audit_log
      WHERE action = 'request.decide'`.execute(pg.pg.db)
    const [a, b] = await Promise.all([
      one.dispatch('requests/decide', input, admin),
      two.dispatch('requests/decide', input, admin),
    ])
    const outcomes = [a, b].map((e) => (e.ok ? 'ok' : e.error.code)).sort()
    expect(outcomes).toEqual(['CONFLICT', 'ok'])
    const loser = [a, b].find((e) => !e.ok)
    expect(loser && !loser.ok ? loser.error.message : '').toMatch(/^Cette demande a déjà été traitée/)
    const auditAfter = await sql<{ n: number }>`SELECT count(*)::int AS n FROM audit_log
      WHERE action = 'request.decide'`.execute(pg.pg.db)
    expect(auditAfter.rows[0].n - auditBefore.rows[0].n).toBe(1)
    const state = await sql<{ state: string }>`SELECT state FROM requests WHERE id = ${first.id}`.execute(
      pg.pg.db,
    )
    expect(state.rows[0].state).not.toBe('pending')
  })

  it('two stale edits of one responsable: the second is refused with what changed, nothing of it written', async () => {
    const family = await call<FamilyFile>(one, 'families/getByNumber', { number: '383304832264' }, admin)
    const seen = family.responsable?.version as number
    const opened = await call<FamilyFile>(two, 'families/get', { id: family.id }, admin)
    expect(opened.responsable?.version).toBe(seen)
    await call(
      one,
      'families/saveGuardian',
      { familyId: family.id, role: 'responsable', version: seen, patch: { mobile: '0611111111' } },
      admin,
    )
    const second = await two.dispatch(
      'families/saveGuardian',
      { familyId: family.id, role: 'responsable', version: seen, patch: { mobile: '0622222222' } },
      admin,
    )
    expect(second.ok ? null : second.error.code).toBe('CONFLICT')
    expect(second.ok ? '' : second.error.message).toContain('→ 0611111111 (Camille Admin')
    const after = await call<FamilyFile>(two, 'families/get', { id: family.id }, admin)
    expect(after.responsable?.values.mobile).toBe('0611111111')
  })
})
