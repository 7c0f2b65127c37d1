import type { DB } from '@db/schema'
import type { listRequestsInput, QueuePage, QueueRow, RequestCounts } from '@shared/contract/requests'
import { REQUEST_KINDS } from '@shared/domain/requests'
import { KIND_SPECS } from '@shared/requests/kinds'
import type { z } from '@shared/zod'
import type { Kysely } from 'kysely'
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

function filtered(db: Kysely<DB>, filter: Filter, states: State[]) {
  let query = db.selectFrom('requests as r').where('r.state', 'in', states)
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
            .where((w) => w.or([w('last_name', 'like', `%${text}%`), w('first_name', 'like', `%${text}%`)])),
        )
  }
  if (filter.from) query = query.where('r.submitted_at_utc', '>=', parisMidnight(filter.from).toISOString())
  if (filter.to)
    query = query.where('r.submitted_at_utc', '<', parisMidnight(nextDay(filter.to)).toISOString())
  return query
}

/** The states' totals kept by triggers (migration request-state-counts), read in one statement. */
async function keptCounts(db: Kysely<DB>, states: State[]): Promise<Map<string, number>> {
  const rows = await db
    .selectFrom('request_state_counts')
    .select(['state', 'n'])
    .where('state', 'in', states)
    .execute()
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
  // By state only: the numbers the triggers keep, not a count of the rows.
  if (!filter.kinds?.length && !filter.family && !filter.from && !filter.to) {
    const kept = await keptCounts(db, states)
    const sum = (of: readonly State[]) => of.reduce((total, s) => total + (kept.get(s) ?? 0), 0)
    return { pending: wanted.pending ? sum(['pending']) : 0, others: sum(wanted.others) }
  }
  const count = async (of: State[]) =>
    of.length === 0
      ? 0
      : Number(
          (
            await filtered(db, filter, of)
              .select((eb) => eb.fn.countAll<number>().as('n'))
              .executeTakeFirstOrThrow()
          ).n,
        )
  return { pending: wanted.pending ? await count(['pending']) : 0, others: await count(wanted.others) }
}

/**
 * One slice of the queue: pending ones oldest first, the others most
 * recently decided first. The slice's ids are found on the index alone
 * (skipping `offset` entries of it, not `offset` joined rows), then only
 * those rows are read with their family, responsable, child and replacement.
 */
function slice(db: Kysely<DB>, filter: Filter, states: State[], offset: number, limit: number) {
  const pending = states.length === 1 && states[0] === 'pending'
  const by = pending ? 'r.submitted_at_utc' : 'r.decided_at'
  const direction = pending ? 'asc' : 'desc'
  const ids = filtered(db, filter, states)
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
      ? await slice(ctx.db, filter, ['pending'], filter.offset, filter.limit)
      : []
  if (rows.length < filter.limit && wanted.others.length > 0)
    rows.push(
      ...(await slice(
        ctx.db,
        filter,
        wanted.others,
        Math.max(0, filter.offset - totals.pending),
        filter.limit - rows.length,
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

/** Pending requests per kind, for the dashboard and the queue's header. */
export async function countPending(ctx: StaffContext): Promise<RequestCounts> {
  const rows = await ctx.db
    .selectFrom('requests')
    .select([
      'kind',
      (eb) => eb.fn.countAll<number>().as('n'),
      (eb) => eb.fn.sum<number>('needs_review').as('review'),
    ])
    .where('state', '=', 'pending')
    .groupBy('kind')
    .execute()
  const byKind = REQUEST_KINDS.flatMap((k) => {
    const row = rows.find((r) => r.kind === k.value)
    return row ? [{ kind: k.value, label: k.label, count: Number(row.n) }] : []
  })
  return {
    pending: rows.reduce((sum, r) => sum + Number(r.n), 0),
    needsReview: rows.reduce((sum, r) => sum + Number(r.review ?? 0), 0),
    byKind,
  }
}
