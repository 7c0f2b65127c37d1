import BetterSqlite3 from 'better-sqlite3-multiple-ciphers'
import { sql } from 'kysely'
import { describe, expect, it } from 'vitest'
import { migrations } from '../../db/migrations/index'
import { migrate } from '../../src-main/backend/db/migrate'
import type { BulkSummary, RequestCounts } from '../../src-shared/contract/requests'
import { actualCounts, changeRequests, keptCounts } from '../helpers/request-counts'
import { requestLine, requestsFixture, SEED_EMAIL, SEED_VACCINATION } from '../helpers/requests'

// The counts kept per state and kind (migration request-kind-counts): the
// dashboard's counters and the pager's totals read them, so they must say
// what the rows say whoever writes, and the decided pages walked on their
// index must list what a sort of every decided request lists.

const t = requestsFixture()

describe('the counts per state and kind', () => {
  const rows = async (where: string) =>
    (
      await sql<{
        kind: string
        n: number
        review: number
      }>`SELECT kind, count(*) AS n, sum(needs_review) AS review
        FROM requests WHERE ${sql.raw(where)} GROUP BY kind ORDER BY kind`.execute(t.backend.services.db)
    ).rows
  /** countPending as a plain count of the rows would give it. */
  const expectedCounts = async () => {
    const pending = await rows("state = 'pending'")
    return {
      pending: pending.reduce((s, r) => s + r.n, 0),
      needsReview: pending.reduce((s, r) => s + r.review, 0),
      kinds: pending.map((r) => [r.kind, r.n]),
    }
  }
  const shownCounts = async () => {
    const c = await t.backend.call<RequestCounts>('requests/counts', {}, t.admin)
    return {
      pending: c.pending,
      needsReview: c.needsReview,
      kinds: c.byKind.map((k) => [k.kind, k.count]).sort(([a], [b]) => String(a).localeCompare(String(b))),
    }
  }
  const pagerTotals = async () => ({
    pending: (await t.api.list({ states: ['pending'] })).total,
    decided: (await t.api.list({ states: ['decided'] })).total,
    all: (await t.api.list({})).total,
    caf: (await t.api.list({ kinds: ['caf.update'] })).total,
    refusedCaf: (await t.api.list({ kinds: ['caf.update', 'fiscal.update'], states: ['refused'] })).total,
  })
  const real = async (where: string) =>
    (
      await sql<{ n: number }>`SELECT count(*) AS n FROM requests WHERE ${sql.raw(where)}`.execute(
        t.backend.services.db,
      )
    ).rows[0].n
  const expectedTotals = async () => ({
    pending: await real("state = 'pending'"),
    decided: await real("state <> 'pending'"),
    all: await real('1 = 1'),
    caf: await real("kind = 'caf.update'"),
    refusedCaf: await real("kind IN ('caf.update', 'fiscal.update') AND state = 'refused'"),
  })
  const agree = async () => {
    expect(await shownCounts()).toEqual(await expectedCounts())
    expect(await pagerTotals()).toEqual(await expectedTotals())
    expect(await keptCounts(t.backend.services.db)).toEqual(await actualCounts(t.backend.services.db))
  }

  it('follow intake, decisions, bulk validation, replacements and deletions', async () => {
    await t.api.import(
      SEED_EMAIL,
      SEED_VACCINATION,
      requestLine(1, 'responsable.update', { ville: 'MEYLAN' }),
      requestLine(2, 'fiscal.update', { nombre_de_parts: 3 }),
      requestLine(3, 'caf.update', { n_allocataire: '1234567' }),
      requestLine(4, 'caf.update', { n_allocataire: '7654321' }),
      requestLine(5, 'health.add', { type: 'allergie', libelle: 'Arachide', allergene: 'Arachides' }),
    )
    const intake = await shownCounts()
    expect(intake.needsReview).toBeGreaterThan(0)
    expect(intake.pending).toBe(6)
    await agree()
    // T-000004 replaces T-000003 (same field, newer).
    expect((await t.api.byRef('T-000003')).state).toBe('replaced')
    await t.api.decide('T-000002', 'none')
    await t.api.decide('T-000005', 'none', { action: 'close' })
    await agree()
    const ids = (await t.api.list({ states: ['pending'] })).rows
      .filter((r) => r.ref === 'T-000001' || r.ref === 'T-000004')
      .map((r) => r.id)
    expect(
      (await t.backend.call<BulkSummary>('requests/bulkValidate', { ids }, t.admin)).applied,
    ).toHaveLength(2)
    await agree()
    const before = await shownCounts()
    await t.backend.services.db.deleteFrom('requests').where('ref', '=', SEED_VACCINATION.ref).execute()
    await agree()
    expect(await shownCounts()).toMatchObject({
      pending: before.pending - 1,
      needsReview: before.needsReview - 1,
    })
  })

  it('follow every write the triggers see, in neutral SQL', async () => {
    const db = t.backend.services.db
    await changeRequests(db, async (step) => {
      expect({ step, kept: await keptCounts(db) }).toEqual({ step, kept: await actualCounts(db) })
    })
    await agree()
  })

  it('are filled from the requests a file already holds when it is upgraded', () => {
    const sqlite = new BetterSqlite3(':memory:')
    try {
      const mine = migrations.findIndex((m) => m.name === '20261202-0800-request-kind-counts')
      migrate(sqlite, { list: migrations.slice(0, mine) })
      sqlite.exec(`INSERT INTO families (id, number, created_at, updated_at) VALUES (1, '1', 'x', 'x')`)
      const insert = sqlite.prepare(`INSERT INTO requests
        (ref, channel, submitted_at, submitted_at_utc, received_at, family_id, kind, payload, needs_review, state, created_at, updated_at)
        VALUES (?, 'portail', 'x', 'x', 'x', 1, ?, '{}', ?, ?, 'x', 'x')`)
      const states = ['pending', 'pending', 'validated', 'refused', 'replaced', 'closed', 'partial']
      for (let i = 0; i < 40; i++)
        insert.run(
          `R${i}`,
          ['caf.update', 'health.add', 'bank.update'][i % 3],
          i % 4 === 0 ? 1 : 0,
          states[i % 7],
        )
      migrate(sqlite)
      const group = (query: string) => sqlite.prepare(query).all()
      const kept = group('SELECT state, kind, n, needs_review FROM request_kind_counts ORDER BY state, kind')
      expect(kept.length).toBeGreaterThan(15)
      expect(kept).toEqual(
        group(
          'SELECT state, kind, count(*) AS n, sum(needs_review) AS needs_review FROM requests GROUP BY state, kind ORDER BY state, kind',
        ),
      )
    } finally {
      sqlite.close()
    }
  })
})

describe('the decided pages', () => {
  it('list, walked on the decisions index, what a sort of every decided request lists', async () => {
    const lines = Array.from({ length: 2_000 }, (_, n) =>
      n % 2
        ? requestLine(10 + n, 'caf.update', { n_allocataire: String(1_000_000 + n) })
        : requestLine(10 + n, 'fiscal.update', { nombre_de_parts: 2 + (n % 3) }),
    )
    expect((await t.api.import(...lines)).imported).toBe(2_000)
    // Decisions with ties on their instant (a bulk validation gives its batch one), in five states.
    await sql`UPDATE requests SET
      state = CASE id % 5 WHEN 0 THEN 'validated' WHEN 1 THEN 'refused' WHEN 2 THEN 'partial' WHEN 3 THEN 'closed' ELSE 'replaced' END,
      decided_at = '2026-11-' || (10 + id % 7) || 'T10:00:00.000Z' WHERE id % 13 <> 0`.execute(
      t.backend.services.db,
    )
    const sorted = async (where: string) =>
      (
        await sql<{
          ref: string
        }>`SELECT ref FROM requests WHERE ${sql.raw(where)} ORDER BY decided_at DESC, id DESC`.execute(
          t.backend.services.db,
        )
      ).rows.map((r) => r.ref)
    const paged = async (input: Record<string, unknown>) => {
      const refs: string[] = []
      for (let offset = 0; ; offset += 500) {
        const page = await t.api.list({ ...input, offset, limit: 500 })
        refs.push(...page.rows.map((r) => r.ref))
        if (page.rows.length < 500) return { total: page.total, refs }
      }
    }
    const decided = await sorted("state <> 'pending'")
    expect(decided.length).toBeGreaterThan(1_000)
    expect(await paged({ states: ['decided'] })).toEqual({ total: decided.length, refs: decided })
    const some = await sorted("state IN ('refused', 'closed', 'partial')")
    expect(some.length).toBeGreaterThan(1_000)
    expect(await paged({ states: ['refused', 'closed', 'partial'] })).toEqual({
      total: some.length,
      refs: some,
    })
    const caf = await sorted("state <> 'pending' AND kind = 'caf.update'")
    expect(await paged({ states: ['decided'], kinds: ['caf.update'] })).toEqual({
      total: caf.length,
      refs: caf,
    })
    const all = await paged({})
    expect(all.refs.slice(-decided.length)).toEqual(decided)
    // 2,000 requests taken in and paged: a server under a shared machine's load needs more than 30 s.
  }, 300_000)
})
