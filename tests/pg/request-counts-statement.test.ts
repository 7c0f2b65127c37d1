import type { DB } from '@db/schema'
import { type Kysely, sql, type Transaction } from 'kysely'
import { expect, it } from 'vitest'
import { actualCounts, keptCounts } from '../helpers/request-counts'
import { describePg, testDatabase } from './helpers'

// The request counters on PostgreSQL kept once per statement (migration
// request-counts-per-statement): one INSERT, UPDATE or DELETE of many
// requests leaves request_state_counts and request_kind_counts equal to a
// count of the requests, and writes each counter row at most once, where the
// row triggers wrote the same row once per request (quadratic in one
// transaction).

const at = '2026-11-27T09:00:00.000Z'
const KINDS = ['caf.update', 'health.add', 'bank.update', 'fiscal.update']
const STATES = ['pending', 'validated', 'refused', 'partial', 'replaced', 'closed'] as const

/** What the requests hold per state, and what request_state_counts keeps (its rows at 0 left out). */
async function stateCounts(db: Kysely<DB>) {
  const actual = await sql<{ state: string; n: number }>`
    SELECT state, count(*) AS n FROM requests GROUP BY state ORDER BY state`.execute(db)
  const kept = await sql<{ state: string; n: number }>`
    SELECT state, n FROM request_state_counts WHERE n <> 0 ORDER BY state`.execute(db)
  return {
    actual: actual.rows.map((r) => [r.state, Number(r.n)]),
    kept: kept.rows.map((r) => [r.state, Number(r.n)]),
  }
}

/** The counter rows the transaction has inserted or updated so far, per counter table. */
async function counterWrites(trx: Transaction<DB>) {
  const rows = await sql<{ table: string; writes: number }>`
    SELECT relname::text AS table, n_tup_ins + n_tup_upd + n_tup_del AS writes FROM pg_stat_xact_user_tables
    WHERE relname IN ('request_state_counts', 'request_kind_counts')`.execute(trx)
  const of = (table: string) => Number(rows.rows.find((r) => r.table === table)?.writes ?? 0)
  return { state: of('request_state_counts'), kind: of('request_kind_counts') }
}

/**
 * Runs `write` (one statement) in a transaction of its own and returns how many
 * rows it changed and how many counter rows it wrote in each table.
 */
async function oneStatement(db: Kysely<DB>, write: (trx: Transaction<DB>) => Promise<number>) {
  return db.transaction().execute(async (trx) => {
    const before = await counterWrites(trx)
    const changed = await write(trx)
    const after = await counterWrites(trx)
    return { changed, state: after.state - before.state, kind: after.kind - before.kind }
  })
}

const requestRows = (family: number, prefix: string, count: number) =>
  Array.from({ length: count }, (_, i) => ({
    ref: `${prefix}-${i}`,
    channel: 'portail' as const,
    submitted_at: at,
    submitted_at_utc: at,
    received_at: at,
    family_id: family,
    child_id: null,
    kind: KINDS[i % KINDS.length],
    payload: '{}',
    needs_review: i % 3 === 0 ? 1 : 0,
    state: i % 5 === 0 ? STATES[i % STATES.length] : ('pending' as const),
    decided_at: i % 5 === 0 ? at : null,
    created_at: at,
    updated_at: at,
  }))

describePg('the request counters on PostgreSQL, moved once per statement', () => {
  const pg = testDatabase()

  it('follow one INSERT, one UPDATE and one DELETE of many requests, each counter row written once', async () => {
    const db = pg.pg.db
    const agree = async (step: string) => {
      expect({ step, kept: await keptCounts(db) }).toEqual({ step, kept: await actualCounts(db) })
      const states = await stateCounts(db)
      expect({ step, kept: states.kept }).toEqual({ step, kept: states.actual })
    }
    const families: number[] = []
    for (const number of ['900000000011', '900000000012', '900000000013'])
      families.push(
        (
          await db
            .insertInto('families')
            .values({ number, created_at: at, updated_at: at })
            .returning('id')
            .executeTakeFirstOrThrow()
        ).id,
      )

    // One INSERT of 1,500 requests, in several states, kinds and review flags.
    const rows = families.flatMap((family, f) => requestRows(family, `F${f}`, 500))
    const inserted = await oneStatement(db, async (trx) =>
      Number((await trx.insertInto('requests').values(rows).executeTakeFirst()).numInsertedOrUpdatedRows),
    )
    expect(inserted.changed).toBe(1_500)
    const pairs = (await actualCounts(db)).length
    expect(new Set((await actualCounts(db)).map((r) => r.state)).size).toBe(STATES.length)
    expect(inserted.state).toBe(STATES.length)
    expect(inserted.kind).toBe(pairs)
    await agree('one INSERT of 1,500 requests')

    // One UPDATE: some decided, some of another kind, some flagged or unflagged, the others only commented.
    const updated = await oneStatement(db, async (trx) =>
      Number(
        (
          await sql`UPDATE requests SET
            state = CASE WHEN id % 7 = 0 THEN 'validated' WHEN id % 7 = 1 THEN 'refused' ELSE state END,
            kind = CASE WHEN id % 11 = 0 THEN 'health.add' ELSE kind END,
            needs_review = CASE WHEN id % 13 = 0 THEN 1 - needs_review ELSE needs_review END,
            comment = 'vu'
            WHERE family_id IN (${families[0]}, ${families[1]})`.execute(trx)
        ).numAffectedRows,
      ),
    )
    expect(updated.changed).toBe(1_000)
    expect(updated.state).toBeGreaterThan(0)
    expect(updated.state).toBeLessThanOrEqual(STATES.length)
    expect(updated.kind).toBeGreaterThan(0)
    expect(updated.kind).toBeLessThanOrEqual((await actualCounts(db)).length + pairs)
    await agree('one UPDATE of 1,000 requests')

    // An UPDATE that leaves state, kind and review flag as they were writes no counter row.
    const untouched = await oneStatement(db, async (trx) =>
      Number(
        (
          await trx
            .updateTable('requests')
            .set({ comment: 'relu' })
            .where('family_id', '=', families[2])
            .executeTakeFirst()
        ).numUpdatedRows,
      ),
    )
    expect(untouched).toEqual({ changed: 500, state: 0, kind: 0 })
    // Nor does one that writes the same values into the counted columns.
    const same = await oneStatement(db, async (trx) =>
      Number(
        (
          await sql`UPDATE requests SET state = state, kind = kind, needs_review = needs_review
            WHERE family_id = ${families[2]}`.execute(trx)
        ).numAffectedRows,
      ),
    )
    expect(same).toEqual({ changed: 500, state: 0, kind: 0 })
    await agree('two UPDATEs leaving the counted columns as they were')

    // One DELETE of many, across states and kinds.
    const deleted = await oneStatement(db, async (trx) =>
      Number(
        (await trx.deleteFrom('requests').where(sql<boolean>`id % 3 = 0`).executeTakeFirst()).numDeletedRows,
      ),
    )
    expect(deleted.changed).toBe(500)
    expect(deleted.state).toBeGreaterThan(0)
    expect(deleted.state).toBeLessThanOrEqual(STATES.length)
    expect(deleted.kind).toBeGreaterThan(0)
    expect(deleted.kind).toBeLessThanOrEqual((await actualCounts(db)).length)
    await agree('one DELETE of 500 requests')

    // Requests taken in again under known refs, in one INSERT … ON CONFLICT (inserted and updated rows at once).
    const again = families
      .slice(1)
      .flatMap((family, f) => requestRows(family, `F${f + 1}`, 600))
      .map((row, i) => ({ ...row, kind: KINDS[(i + 1) % KINDS.length] }))
    const upserted = await oneStatement(db, async (trx) =>
      Number(
        (
          await trx
            .insertInto('requests')
            .values(again)
            .onConflict((oc) =>
              oc.column('ref').doUpdateSet((eb) => ({ kind: eb.ref('excluded.kind'), state: 'closed' })),
            )
            .executeTakeFirst()
        ).numInsertedOrUpdatedRows,
      ),
    )
    expect(upserted.changed).toBe(1_200)
    await agree('one INSERT … ON CONFLICT DO UPDATE of 1,200 requests')

    // Two families deleted in one statement: their requests go by ON DELETE CASCADE.
    await db.deleteFrom('families').where('id', 'in', [families[0], families[2]]).execute()
    await agree('two families deleted with their requests')
    expect((await actualCounts(db)).reduce((s, r) => s + r.n, 0)).toBeGreaterThan(300)
  })

  it('fire once per statement, with transition tables, under the names SQLite gives its triggers', async () => {
    const triggers = await sql<{
      name: string
      per_row: number
      old_table: string | null
      new_table: string | null
    }>`
      SELECT tg.tgname::text AS name, (tg.tgtype & 1)::int AS per_row,
        tg.tgoldtable::text AS old_table, tg.tgnewtable::text AS new_table
      FROM pg_trigger tg WHERE tg.tgrelid = 'requests'::regclass AND NOT tg.tgisinternal
        AND tg.tgname::text LIKE 'request%counts%'
      ORDER BY 1`.execute(pg.pg.db)
    expect(triggers.rows).toEqual([
      { name: 'request_counts_delete', per_row: 0, old_table: 'removed_requests', new_table: null },
      { name: 'request_counts_insert', per_row: 0, old_table: null, new_table: 'added_requests' },
      {
        name: 'request_counts_state',
        per_row: 0,
        old_table: 'removed_requests',
        new_table: 'added_requests',
      },
      { name: 'request_kind_counts_delete', per_row: 0, old_table: 'removed_requests', new_table: null },
      { name: 'request_kind_counts_insert', per_row: 0, old_table: null, new_table: 'added_requests' },
      {
        name: 'request_kind_counts_update',
        per_row: 0,
        old_table: 'removed_requests',
        new_table: 'added_requests',
      },
    ])
  })
})
