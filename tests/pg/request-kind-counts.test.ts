import { migrations } from '@db/migrations/index'
import { expect, it } from 'vitest'
import type { StaffContext } from '../../src-main/backend/context'
import { migratePostgres } from '../../src-main/backend/db/postgres/migrate'
import { countPending } from '../../src-main/backend/requests/queue'
import { actualCounts, changeRequests, keptCounts, writeRequests } from '../helpers/request-counts'
import { describePg, testDatabase } from './helpers'

// The counts per state and kind on PostgreSQL (migration
// request-kind-counts, its PL/pgSQL trigger): the same steps as on SQLite
// (tests/integration/requests-kind-counts.test.ts), the same numbers.

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
