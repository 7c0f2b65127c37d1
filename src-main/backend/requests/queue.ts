import type { DB } from '@db/schema'
import type { listRequestsInput, QueuePage, QueueRow, RequestCounts } from '@shared/contract/requests'
import { REQUEST_KINDS } from '@shared/domain/requests'
import { KIND_SPECS } from '@shared/requests/kinds'
import type { z } from '@shared/zod'
import type { Kysely } from 'kysely'
import type { StaffContext } from '../context'
import { assessAll } from './assess'
import { daysWaiting, parisMidnight } from './time'

type Filter = z.output<typeof listRequestsInput>

const nextDay = (day: string) =>
  new Date(Date.parse(`${day}T00:00:00Z`) + 86_400_000).toISOString().slice(0, 10)

const OTHER_STATES = ['validated', 'refused', 'partial', 'replaced', 'closed'] as const
type State = 'pending' | (typeof OTHER_STATES)[number]

/** The states a filter asks for: no filter means all of them; 'decided' means all but pending. */
function wantedStates(filter: Filter): { pending: boolean; others: State[] } {
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

async function count(db: Kysely<DB>, filter: Filter, states: State[]): Promise<number> {
  if (states.length === 0) return 0
  // By state only: the numbers the triggers keep (migration request-state-counts), not a count of the rows.
  if (!filter.kinds?.length && !filter.family && !filter.from && !filter.to) {
    const kept = await db
      .selectFrom('request_state_counts')
      .select((eb) => eb.fn.sum<number>('n').as('n'))
      .where('state', 'in', states)
      .executeTakeFirst()
    return Number(kept?.n ?? 0)
  }
  const row = await filtered(db, filter, states)
    .select((eb) => eb.fn.countAll<number>().as('n'))
    .executeTakeFirstOrThrow()
  return Number(row.n)
}

/** One slice of the queue: pending ones oldest first, the others most recently decided first. */
function slice(db: Kysely<DB>, filter: Filter, states: State[], offset: number, limit: number) {
  const pending = states.length === 1 && states[0] === 'pending'
  return filtered(db, filter, states)
    .innerJoin('families as f', 'f.id', 'r.family_id')
    .leftJoin('guardians as g', (j) => j.onRef('g.family_id', '=', 'f.id').on('g.role', '=', 'responsable'))
    .leftJoin('children as c', 'c.id', 'r.child_id')
    .leftJoin('requests as n', 'n.id', 'r.replaced_by')
    .selectAll('r')
    .select([
      'f.number as family_number',
      'g.last_name as g_last',
      'g.first_name as g_first',
      'c.last_name as c_last',
      'c.first_name as c_first',
      'c.identifier as c_identifier',
      'n.ref as replaced_by_ref',
    ])
    .orderBy(pending ? 'r.submitted_at_utc' : 'r.decided_at', pending ? 'asc' : 'desc')
    .orderBy('r.id', pending ? 'asc' : 'desc')
    .limit(limit)
    .offset(offset)
    .execute()
}

/**
 * The queue, one page at a time: pending first, oldest first; then the
 * decided ones, most recent first. Two indexed queries rather than one sort
 * of the whole table, so that the first page stays quick at any size.
 */
export async function listQueue(ctx: StaffContext, filter: Filter): Promise<QueuePage> {
  const wanted = wantedStates(filter)
  const pendingTotal = wanted.pending ? await count(ctx.db, filter, ['pending']) : 0
  const othersTotal = await count(ctx.db, filter, wanted.others)
  const rows =
    filter.offset < pendingTotal ? await slice(ctx.db, filter, ['pending'], filter.offset, filter.limit) : []
  if (rows.length < filter.limit && wanted.others.length > 0)
    rows.push(
      ...(await slice(
        ctx.db,
        filter,
        wanted.others,
        Math.max(0, filter.offset - pendingTotal),
        filter.limit - rows.length,
      )),
    )
  const now = ctx.clock.now()
  // Conflicts and "no longer applies" are about the files as they are now: only pending requests have them,
  // assessed together (a few queries for the whole page, never one per row).
  const pending = rows.filter((row) => row.state === 'pending')
  const assessed = new Map(
    (await assessAll(ctx.db, pending, now, { agendaDays: false })).map((a) => [a.request.id, a]),
  )
  const out: QueueRow[] = rows.map((row) => {
    const a = assessed.get(row.id)
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
      notApplicable: a?.target.notApplicable ?? null,
      replacedByRef: row.replaced_by_ref,
    }
  })
  return { rows: out, total: pendingTotal + othersTotal }
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
