import { migrations } from '@db/migrations/index'
import { sql } from 'kysely'
import { expect, it } from 'vitest'
import type { StaffContext } from '../../src-main/backend/context'
import { migratePostgres } from '../../src-main/backend/db/postgres/migrate'
import { countPending, listQueue } from '../../src-main/backend/requests/queue'
import { actualCounts, changeRequests, keptCounts, writeRequests } from '../helpers/request-counts'
import { describePg, testDatabase } from './helpers'

// The counts per state and kind on PostgreSQL (migration
// request-kind-counts, its PL/pgSQL trigger): the same steps as on SQLite
// (tests/integration/requests-kind-counts.test.ts), the same numbers.

type Decided = 'validated' | 'refused' | 'partial' | 'replaced' | 'closed'

describePg('the request counts per state and kind on PostgreSQL', () => {
  const pg = testDatabase()

  it('follow every write the triggers see, and countPending reads them', async () => {
    const db = pg.pg.db
    await changeRequests(db, async (step) => {
      expect({ step, kept: await keptCounts(db) }).toEqual({ step, kept: await actualCounts(db) })
    })
    const pending = (await actualCounts(db)).filter((r) => r.state === 'pending')
    expect(pending.length).toBeGreaterThan(1)
    const counts = await countPending({ db } as StaffContext)
    expect(counts).toMatchObject({
      pending: pending.reduce((s, r) => s + r.n, 0),
      needsReview: pending.reduce((s, r) => s + r.needs_review, 0),
    })
    expect(counts.byKind.map((k) => [k.kind, k.count]).sort()).toEqual(
      pending.map((r) => [r.kind, r.n]).sort(),
    )
  })

  it('lists the decided pages walked on requests_decided_order as a sort of them all', async () => {
    const db = pg.pg.db
    const { ids } = await writeRequests(
      db,
      '900000000004',
      Array.from({ length: 1_200 }, (_, i) => (i % 2 ? 'caf.update' : 'fiscal.update')),
      0,
    )
    await sql`UPDATE requests SET
      state = CASE id % 5 WHEN 0 THEN 'validated' WHEN 1 THEN 'refused' WHEN 2 THEN 'partial' WHEN 3 THEN 'closed' ELSE 'replaced' END,
      decided_at = '2026-11-' || (10 + id % 7) || 'T10:00:00.000Z'
      WHERE id = ANY (${ids}) AND id % 13 <> 0`.execute(db)
    const ctx = { db, clock: { now: () => new Date('2026-12-02T08:00:00Z') } } as unknown as StaffContext
    const sorted = async (states: Decided[]) =>
      (
        await db
          .selectFrom('requests')
          .select('ref')
          .where('state', 'in', states)
          .orderBy('decided_at', 'desc')
          .orderBy('id', 'desc')
          .execute()
      ).map((r) => r.ref)
    const paged = async (states: string[]) => {
      const refs: string[] = []
      for (let offset = 0; ; offset += 400) {
        const page = await listQueue(ctx, { states, offset, limit: 400 } as Parameters<typeof listQueue>[1])
        refs.push(...page.rows.map((r) => r.ref))
        if (page.rows.length < 400) return { total: page.total, refs }
      }
    }
    const decided = await sorted(['validated', 'refused', 'partial', 'replaced', 'closed'])
    expect(decided.length).toBeGreaterThan(1_000)
    expect(await paged(['decided'])).toEqual({ total: decided.length, refs: decided })
    const some = await sorted(['refused', 'closed', 'partial'])
    expect(await paged(['refused', 'closed', 'partial'])).toEqual({ total: some.length, refs: some })
  })
})

describePg('a server database upgraded to request-kind-counts', () => {
  const pg = testDatabase({ empty: true })

  it('counts the requests it already holds', async () => {
    const db = pg.pg.db
    const mine = migrations.findIndex((m) => m.name === '20261202-0800-request-kind-counts')
    await migratePostgres(db, { list: migrations.slice(0, mine) })
    const { ids } = await writeRequests(
      db,
      '900000000003',
      ['caf.update', 'caf.update', 'health.add', 'bank.update'],
      3,
    )
    await db
      .updateTable('requests')
      .set({ state: 'refused', decided_at: 'x' })
      .where('id', '=', ids[1])
      .execute()
    expect((await migratePostgres(db)).applied).toContain('20261202-0800-request-kind-counts')
    const kept = await keptCounts(db)
    expect(kept).toHaveLength(4)
    expect(kept).toEqual(await actualCounts(db))
  })
})
