import type { DB } from '@db/schema'
import type { Kysely } from 'kysely'

// Requests written and changed in neutral kysely, whoever writes them, on
// SQLite and on PostgreSQL: the counts the triggers keep per state and kind
// (migration request-kind-counts) must say what the rows say after each step.

const at = '2026-11-27T09:00:00.000Z'
const stamps = { created_at: at, updated_at: at }

export interface CountRow {
  state: string
  kind: string
  n: number
  needs_review: number
}

/** What the requests hold, per state and kind. */
export async function actualCounts(db: Kysely<DB>): Promise<CountRow[]> {
  const rows = await db
    .selectFrom('requests')
    .select([
      'state',
      'kind',
      (eb) => eb.fn.countAll<number>().as('n'),
      (eb) => eb.fn.sum<number>('needs_review').as('needs_review'),
    ])
    .groupBy(['state', 'kind'])
    .orderBy('state')
    .orderBy('kind')
    .execute()
  return rows.map((r) => ({
    state: r.state,
    kind: r.kind,
    n: Number(r.n),
    needs_review: Number(r.needs_review),
  }))
}

/** What the triggers keep, leaving out the (state, kind) pairs no request holds any more. */
export async function keptCounts(db: Kysely<DB>): Promise<CountRow[]> {
  const rows = await db
    .selectFrom('request_kind_counts')
    .select(['state', 'kind', 'n', 'needs_review'])
    .where((w) => w.or([w('n', '<>', 0), w('needs_review', '<>', 0)]))
    .orderBy('state')
    .orderBy('kind')
    .execute()
  return rows.map((r) => ({
    state: r.state,
    kind: r.kind,
    n: Number(r.n),
    needs_review: Number(r.needs_review),
  }))
}

/** Inserts `count` requests of a new family, `review` of them needing a review; returns the family's id and theirs. */
export async function writeRequests(
  db: Kysely<DB>,
  number: string,
  kinds: string[],
  review: number,
): Promise<{ family: number; ids: number[] }> {
  const family = (
    await db
      .insertInto('families')
      .values({ number, ...stamps })
      .returning('id')
      .executeTakeFirstOrThrow()
  ).id
  const ids: number[] = []
  for (const [i, kind] of kinds.entries()) {
    const row = await db
      .insertInto('requests')
      .values({
        ref: `${number}-${i}`,
        channel: 'portail',
        submitted_at: at,
        submitted_at_utc: at,
        received_at: at,
        family_id: family,
        child_id: null,
        kind,
        payload: '{}',
        needs_review: i < review ? 1 : 0,
        ...stamps,
      })
      .returning('id')
      .executeTakeFirstOrThrow()
    ids.push(row.id)
  }
  return { family, ids }
}

/**
 * Every kind of change the counts follow, each followed by `check`:
 * inserts one at a time and many at once, decisions, a replacement, a
 * review flag set and cleared, a kind changed, deletions one by one and by a
 * family's deletion (ON DELETE CASCADE).
 */
export async function changeRequests(db: Kysely<DB>, check: (step: string) => Promise<void>): Promise<void> {
  const a = await writeRequests(
    db,
    '900000000001',
    ['caf.update', 'caf.update', 'health.add', 'bank.update'],
    2,
  )
  await check('inserted one by one')
  const b = await writeRequests(db, '900000000002', ['fiscal.update', 'health.add', 'health.add'], 3)
  await db
    .insertInto('requests')
    .values(
      ['caf.update', 'health.add'].map((kind, i) => ({
        ref: `MANY-${i}`,
        channel: 'papier' as const,
        submitted_at: at,
        submitted_at_utc: at,
        received_at: at,
        family_id: b.family,
        child_id: null,
        kind,
        payload: '{}',
        needs_review: i,
        ...stamps,
      })),
    )
    .execute()
  await check('inserted in one statement')
  await db
    .updateTable('requests')
    .set({ state: 'validated', decided_at: at })
    .where('id', '=', a.ids[0])
    .execute()
  await db
    .updateTable('requests')
    .set({ state: 'refused', decided_at: at })
    .where('id', 'in', [a.ids[2], b.ids[1]])
    .execute()
  await check('decided')
  await db
    .updateTable('requests')
    .set({ state: 'replaced', replaced_by: a.ids[0], decided_at: at })
    .where('id', '=', a.ids[1])
    .execute()
  await db.updateTable('requests').set({ state: 'closed' }).where('id', '=', b.ids[1]).execute()
  await check('replaced and closed')
  await db.updateTable('requests').set({ needs_review: 1 }).where('id', '=', a.ids[3]).execute()
  await db.updateTable('requests').set({ needs_review: 0 }).where('id', '=', b.ids[2]).execute()
  await db
    .updateTable('requests')
    .set({ kind: 'caf.update', comment: 'vu' })
    .where('id', '=', b.ids[0])
    .execute()
  await db.updateTable('requests').set({ comment: 'sans effet' }).where('id', '=', a.ids[3]).execute()
  await check('review flags and a kind changed')
  await db.deleteFrom('requests').where('id', '=', a.ids[3]).execute()
  await check('one deleted')
  await db.updateTable('requests').set({ replaced_by: null }).where('replaced_by', '=', a.ids[0]).execute()
  await db.deleteFrom('families').where('id', '=', a.family).execute()
  await check('a family deleted with its requests')
}
