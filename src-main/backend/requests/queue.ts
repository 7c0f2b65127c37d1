import { type Kysely, sql } from 'kysely'
import type { DB } from '@db/schema'
import type { QueuePage, QueueRow, RequestCounts } from '@shared/contract/requests'
import type { listRequestsInput } from '@shared/contract/requests'
import { REQUEST_KINDS } from '@shared/domain/requests'
import { KIND_SPECS } from '@shared/requests/kinds'
import type { z } from '@shared/zod'
import type { StaffContext } from '../context'
import { assess } from './assess'
import { daysWaiting, parisMidnight } from './time'

type Filter = z.output<typeof listRequestsInput>

const nextDay = (day: string) =>
  new Date(Date.parse(`${day}T00:00:00Z`) + 86_400_000).toISOString().slice(0, 10)

function filtered(db: Kysely<DB>, filter: Filter) {
  let query = db
    .selectFrom('requests as r')
    .innerJoin('families as f', 'f.id', 'r.family_id')
    .leftJoin('guardians as g', (j) => j.onRef('g.family_id', '=', 'f.id').on('g.role', '=', 'responsable'))
  if (filter.kinds?.length) query = query.where('r.kind', 'in', filter.kinds)
  if (filter.states?.length) {
    const states = filter.states.filter((s) => s !== 'decided')
    const decided = filter.states.includes('decided')
    query = query.where((eb) =>
      eb.or([
        ...(states.length > 0 ? [eb('r.state', 'in', states)] : []),
        ...(decided ? [eb('r.state', '!=', 'pending')] : []),
      ]),
    )
  }
  if (filter.family) {
    const text = filter.family
    query = /^\d+$/.test(text)
      ? query.where('f.number', 'like', `${text}%`)
      : query.where((eb) =>
          eb.or([eb('g.last_name', 'like', `%${text}%`), eb('g.first_name', 'like', `%${text}%`)]),
        )
  }
  if (filter.from) query = query.where('r.submitted_at_utc', '>=', parisMidnight(filter.from).toISOString())
  if (filter.to)
    query = query.where('r.submitted_at_utc', '<', parisMidnight(nextDay(filter.to)).toISOString())
  return query
}

/** The queue: pending first, oldest first; then the others, oldest first. One page at a time. */
export async function listQueue(ctx: StaffContext, filter: Filter): Promise<QueuePage> {
  const base = filtered(ctx.db, filter)
  const [rows, total] = await Promise.all([
    base
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
      .orderBy(sql`CASE WHEN r.state = 'pending' THEN 0 ELSE 1 END`)
      .orderBy('r.submitted_at_utc')
      .orderBy('r.id')
      .limit(filter.limit)
      .offset(filter.offset)
      .execute(),
    base.select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow(),
  ])
  const now = ctx.clock.now()
  const out: QueueRow[] = []
  for (const row of rows) {
    // Conflicts and "no longer applies" are about the files as they are now: only pending requests have them.
    const pending = row.state === 'pending'
    const a = pending ? await assess(ctx.db, row, now) : null
    out.push({
      id: row.id,
      ref: row.ref,
      kind: row.kind as QueueRow['kind'],
      kindLabel: KIND_SPECS[row.kind as QueueRow['kind']]?.label ?? row.kind,
      channel: row.channel,
      state: row.state,
      submittedAt: row.submitted_at,
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
    })
  }
  return { rows: out, total: Number(total.n) }
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
