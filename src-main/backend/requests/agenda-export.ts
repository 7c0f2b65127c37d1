import type { DB } from '@db/schema'
import { kindSpec } from '@shared/requests/kinds'
import type { Kysely } from 'kysely'
import { decisionOf } from './agenda-assess'
import { chunks } from './chunks'

/** docs/demandes-portail.md: a decision on a reservation or an absence says date by date what was decided. */
export interface DecisionDate {
  date: string
  state: 'acceptée' | 'refusée' | 'en attente'
  reason: string | null
}

/**
 * The `dates` of each agenda decision among `rows`, read in one query per
 * 500 requests. A date put on the waiting list is "en attente"; a request
 * closed or replaced has every date "refusée" (its reply says why).
 */
export async function decisionDates(
  db: Kysely<DB>,
  rows: { id: number; kind: string }[],
): Promise<Map<number, DecisionDate[]>> {
  const map = new Map<number, DecisionDate[]>()
  const ids = rows.filter((r) => kindSpec(r.kind)?.mode === 'agenda').map((r) => r.id)
  for (const part of chunks(ids))
    for (const item of await db
      .selectFrom('request_items')
      .select(['request_id', 'field', 'outcome', 'applied_value', 'reason'])
      .where('request_id', 'in', part)
      .orderBy('request_id')
      .orderBy('position')
      .execute()) {
      const state = decisionOf(item) ?? 'refusée'
      const list = map.get(item.request_id) ?? []
      list.push({ date: item.field, state, reason: item.reason })
      map.set(item.request_id, list)
    }
  return map
}
