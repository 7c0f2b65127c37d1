import type { DB } from '@db/schema'
import type { listRequestsInput, QueuePage, QueueRow, RequestCounts } from '@shared/contract/requests'
import { REQUEST_KINDS } from '@shared/domain/requests'
import { KIND_SPECS } from '@shared/requests/kinds'
import type { z } from '@shared/zod'
import { type Kysely, sql } from 'kysely'
import type { StaffContext } from '../context'
import { queueFlags } from './assess'
import { daysWaiting, parisMidnight } from './time'

type Filter = z.output<typeof listRequestsInput>

const nextDay = (day: string) =>
  new Date(Date.parse(`${day}T00:00:00Z`) + 86_400_000).toISOString().slice(0, 10)

const OTHER_STATES = ['validated', 'refused', 'partial', 'replaced', 'closed'] as const
type State = 'pending' | (typeof OTHER_STATES)[number]

/** The states a filter asks for: no filter means all of them; 'decided' means all but pending. */
interface Wanted {
  pending: boolean
  others: State[]
}

function wantedStates(filter: Filter): Wanted {
  const asked = filter.states ?? []
  if (asked.length === 0) return { pending: true, others: [...OTHER_STATES] }
  return {
    pending: asked.includes('pending'),
    others: OTHER_STATES.filter((s) => asked.includes('decided') || asked.includes(s)),
  }
}

/** The filter's requests, whatever their state (each caller says which states it reads, and how). */
function filtered(db: Kysely<DB>, filter: Filter) {
  let query = db.selectFrom('requests as r')
  if (filter.kinds?.length) query = query.where('r.kind', 'in', filter.kinds)
  if (filter.family) {
    const text = filter.family
    // The families first (one pass over the responsables), then their requests by index.
    query = /^\d+$/.test(text)
      ? query.where('r.family_id', 'in', (eb) =>
          eb.selectFrom('families').select('id').where('number', 'like', `${text}%`),
        )
      : query.where('r.family_id', 'in', (eb) =>
          eb
            .selectFrom('guardians')
            .select('family_id')
            .where('role', '=', 'responsable')
            // lower() on both sides, in SQL: SQLite's LIKE ignores ASCII case, PostgreSQL's does not.
            .where((w) => {
              const pattern = w.fn<string>('lower', [w.val(`%${text}%`)])
              return w.or([
                w(w.fn('lower', ['last_name']), 'like', pattern),
                w(w.fn('lower', ['first_name']), 'like', pattern),
              ])
            }),
        )
  }
  if (filter.from) query = query.where('r.submitted_at_utc', '>=', parisMidnight(filter.from).toISOString())
  if (filter.to)
    query = query.where('r.submitted_at_utc', '<', parisMidnight(nextDay(filter.to)).toISOString())
  return query
}

/**
 * The totals the triggers keep per state and kind (migration
 * request-kind-counts), for the kinds asked or all of them, in one statement
 * reading a few dozen rows.
 */
async function keptCounts(
  db: Kysely<DB>,
  states: State[],
  kinds: readonly string[],
): Promise<Map<string, number>> {
  let query = db
    .selectFrom('request_kind_counts')
    .select(['state', (eb) => eb.fn.sum<number>('n').as('n')])
    .where('state', 'in', states)
    .groupBy('state')
  if (kinds.length) query = query.where('kind', 'in', kinds)
  const rows = await query.execute()
  return new Map(rows.map((r) => [r.state, Number(r.n)]))
}

/** How many requests the filter finds among the pending ones and among the others. */
async function counts(
  db: Kysely<DB>,
  filter: Filter,
  wanted: Wanted,
): Promise<{ pending: number; others: number }> {
  const states: State[] = [...(wanted.pending ? (['pending'] as const) : []), ...wanted.others]
  if (states.length === 0) return { pending: 0, others: 0 }
  // By state and kind only: the numbers the triggers keep, not a count of the rows.
  if (!filter.family && !filter.from && !filter.to) {
    const kept = await keptCounts(db, states, filter.kinds ?? [])
    const sum = (of: readonly State[]) => of.reduce((total, s) => total + (kept.get(s) ?? 0), 0)
    return { pending: wanted.pending ? sum(['pending']) : 0, others: sum(wanted.others) }
  }
  const count = async (of: State[]) =>
    of.length === 0
      ? 0
      : Number(
          (
            await filtered(db, filter)
              .where('r.state', 'in', of)
              .select((eb) => eb.fn.countAll<number>().as('n'))
              .executeTakeFirstOrThrow()
          ).n,
        )
  return { pending: wanted.pending ? await count(['pending']) : 0, others: await count(wanted.others) }
}

/** Below this many decided requests wanted, sorting them costs less than walking the decisions' index past the others. */
const WALK_FROM = 1_000

/**
 * One slice of the queue: pending ones oldest first, the others most
 * recently decided first. The slice's ids are found on an index alone
 * (skipping `offset` entries of it, not `offset` joined rows), then only
 * those rows are read with their family, responsable, child and replacement.
 * `total` is how many requests of these states the filter finds.
 */
function slice(
  db: Kysely<DB>,
  filter: Filter,
  states: State[],
  offset: number,
  limit: number,
  total: number,
) {
  const pending = states.length === 1 && states[0] === 'pending'
  const by = pending ? 'r.submitted_at_utc' : 'r.decided_at'
  const direction = pending ? 'asc' : 'desc'
  const narrowed = Boolean(filter.kinds?.length || filter.family || filter.from || filter.to)
  const left = OTHER_STATES.filter((s) => !states.includes(s))
  // Many decided ones, not narrowed by another index: walked on the index of the decisions
  // (requests_decided_order, partial on state <> 'pending', which the query says as written),
  // the states left out skipped on that index's own entries. Listed by state, they would
  // all be read and sorted (docs/architecture.md, « Le stockage », the queue).
  const walk = !pending && !narrowed && total >= WALK_FROM
  const decided = () => filtered(db, filter).where('r.state', '<>', sql.lit('pending'))
  const ids = (
    !walk
      ? filtered(db, filter).where('r.state', 'in', states)
      : left.length
        ? decided().where('r.state', 'not in', left)
        : decided()
  )
    .select('r.id')
    .orderBy(by, direction)
    .orderBy('r.id', direction)
    .limit(limit)
    .offset(offset)
  return db
    .selectFrom('requests as r')
    .where('r.id', 'in', ids)
    .innerJoin('families as f', 'f.id', 'r.family_id')
    .leftJoin('guardians as g', (j) => j.onRef('g.family_id', '=', 'f.id').on('g.role', '=', 'responsable'))
    .leftJoin('children as c', 'c.id', 'r.child_id')
    .leftJoin('requests as n', 'n.id', 'r.replaced_by')
    .select([
      'r.id',
      'r.ref',
      'r.kind',
      'r.channel',
      'r.state',
      'r.submitted_at',
      'r.submitted_time_known',
      'r.decided_at',
      'r.family_id',
      'r.child_id',
      'r.needs_review',
      // Read by the flags of the pending ones that need it (queueFlags), a few hundred bytes.
      'r.payload',
      'f.number as family_number',
      'g.last_name as g_last',
      'g.first_name as g_first',
      'c.last_name as c_last',
      'c.first_name as c_first',
      'c.identifier as c_identifier',
      'n.ref as replaced_by_ref',
    ])
    .orderBy(by, direction)
    .orderBy('r.id', direction)
    .execute()
}

/**
 * The queue, one page at a time: pending first, oldest first; then the
 * decided ones, most recent first. Two indexed queries rather than one sort
 * of the whole table, so that the first page stays quick at any size.
 */
export async function listQueue(ctx: StaffContext, filter: Filter): Promise<QueuePage> {
  const wanted = wantedStates(filter)
  const totals = await counts(ctx.db, filter, wanted)
  const rows =
    filter.offset < totals.pending
      ? await slice(ctx.db, filter, ['pending'], filter.offset, filter.limit, totals.pending)
      : []
  if (rows.length < filter.limit && wanted.others.length > 0)
    rows.push(
      ...(await slice(
        ctx.db,
        filter,
        wanted.others,
        Math.max(0, filter.offset - totals.pending),
        filter.limit - rows.length,
        totals.others,
      )),
    )
  const now = ctx.clock.now()
  // Conflicts and "no longer applies" are about the files as they are now: only pending requests have them,
  // found together (a few queries for the whole page, never one per row).
  const flags = await queueFlags(ctx.db, rows, now)
  const out: QueueRow[] = rows.map((row) => {
    const a = flags.get(row.id)
    return {
      id: row.id,
      ref: row.ref,
      kind: row.kind as QueueRow['kind'],
      kindLabel: KIND_SPECS[row.kind as QueueRow['kind']]?.label ?? row.kind,
      channel: row.channel,
      state: row.state,
      submittedAt: row.submitted_at,
      submittedTimeKnown: row.submitted_time_known === 1,
      daysWaiting: daysWaiting(row.submitted_at, row.decided_at, now),
      familyId: row.family_id,
      familyNumber: row.family_number,
      familyName: `${row.g_last ?? ''} ${row.g_first ?? ''}`.trim(),
      childId: row.child_id,
      childIdentifier: row.c_identifier,
      childName: row.c_last ? `${row.c_last} ${row.c_first ?? ''}`.trim() : null,
      needsReview: row.needs_review === 1,
      conflict: a?.conflict ?? false,
      notApplicable: a?.notApplicable ?? null,
      replacedByRef: row.replaced_by_ref,
    }
  })
  return { rows: out, total: totals.pending + totals.others }
}

/**
 * Pending requests per kind, for the dashboard and the queue's header: the
 * numbers the triggers keep (migration request-kind-counts), the same the
 * pager's totals read.
 */
export async function countPending(ctx: StaffContext): Promise<RequestCounts> {
  const rows = await ctx.db
    .selectFrom('request_kind_counts')
    .select(['kind', 'n', 'needs_review'])
    .where('state', '=', 'pending')
    .where('n', '>', 0)
    .execute()
  const byKind = REQUEST_KINDS.flatMap((k) => {
    const row = rows.find((r) => r.kind === k.value)
    return row ? [{ kind: k.value, label: k.label, count: Number(row.n) }] : []
  })
  return {
    pending: rows.reduce((sum, r) => sum + Number(r.n), 0),
    needsReview: rows.reduce((sum, r) => sum + Number(r.needs_review), 0),
    byKind,
  }
}
