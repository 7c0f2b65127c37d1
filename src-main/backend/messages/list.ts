import { MESSAGE_STATES, type MessagePage, type MessageState } from '@shared/contract/messages'
import type { StaffContext } from '../context'
import { canSeeHealth } from '../settings/service'
import { messageRows, toMessageRow } from './rows'

// The Messages screen's list and the family file's « Messages » tab: newest
// first, with the count of each state for the same filters.

export interface ListFilter {
  state?: MessageState
  channel?: 'portail' | 'courrier'
  familyId?: number
  batchId?: string
  search?: string | null
  offset?: number
  limit?: number
}

function filtered(ctx: StaffContext, filter: ListFilter) {
  let query = messageRows(ctx.db)
  if (filter.channel) query = query.where('m.channel', '=', filter.channel)
  if (filter.familyId) query = query.where('m.family_id', '=', filter.familyId)
  if (filter.batchId) query = query.where('m.batch_id', '=', filter.batchId)
  const search = filter.search?.trim()
  if (search) {
    // % and _ are LIKE's wildcards: left out of what staff typed. Case-insensitive on both
    // engines (PostgreSQL's LIKE is not): lower() of the columns, and the typed text folded
    // the same way here. lower() folds A to Z only on both (SQLite's, and PostgreSQL's on
    // our COLLATE "C" columns), while PostgreSQL's lower() of a parameter would follow the
    // server's locale and fold « É » too: « École VERTE » would then miss « École verte ».
    const like = `%${search.replace(/[%_]/g, '').replace(/[A-Z]/g, (c) => c.toLowerCase())}%`
    query = query.where((eb) => {
      const pattern = eb.val(like)
      return eb.or([
        eb('f.number', '=', search),
        eb('r.ref', '=', search),
        eb.and([eb('m.health_data', '=', 0), eb(eb.fn('lower', ['m.subject']), 'like', pattern)]),
        eb(eb.fn('lower', ['g.last_name']), 'like', pattern),
      ])
    })
  }
  return query
}

export async function listMessages(ctx: StaffContext, filter: ListFilter): Promise<MessagePage> {
  const base = filtered(ctx, filter)
  const grouped = await base
    .clearSelect()
    .select(['m.state', (eb) => eb.fn.countAll<number>().as('n')])
    .groupBy('m.state')
    .execute()
  const counts = Object.fromEntries(MESSAGE_STATES.map((s) => [s.value, 0])) as Record<MessageState, number>
  for (const g of grouped) counts[g.state] = Number(g.n)
  const scoped = filter.state ? base.where('m.state', '=', filter.state) : base
  const rows = await scoped
    .orderBy('m.created_at', 'desc')
    .orderBy('m.id', 'desc')
    .limit(filter.limit ?? 100)
    .offset(filter.offset ?? 0)
    .execute()
  const healthAllowed = await canSeeHealth(ctx.db, ctx.actor)
  const total = filter.state ? counts[filter.state] : Object.values(counts).reduce((a, b) => a + b, 0)
  return { total, rows: rows.map((r) => toMessageRow(r, healthAllowed)), counts }
}
