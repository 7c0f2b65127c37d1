import type { DecisionsExport } from '@shared/contract/requests'
import { parseDay } from '@shared/format/date'
import type { StaffContext } from '../context'
import { invalidField } from '../errors'
import { chunks } from './chunks'
import { parisDay, parisMidnight } from './time'

/** FORMATS.md's three states; a closed or replaced request is, for the portal, not accepted. */
const PORTAL_STATE = {
  validated: 'validée',
  partial: 'partiellement validée',
  refused: 'refusée',
  closed: 'refusée',
  replaced: 'refusée',
} as const

/** One line of the decisions file (FORMATS.md): `accepted` only for a partial decision. */
export interface DecisionLine {
  ref: string
  state: (typeof PORTAL_STATE)[keyof typeof PORTAL_STATE]
  decided_at: string
  reply: string
  accepted?: string[]
}

/** "2017-07-03", "03/07/2017" (from midnight, Paris time) or an ISO 8601 instant. */
export function parseSince(text: string): string {
  const day = parseDay(text)
  if (day) return parisMidnight(day).toISOString()
  if (/^\d{4}-\d{2}-\d{2}T/.test(text) && !Number.isNaN(Date.parse(text))) return new Date(text).toISOString()
  throw invalidField('since', 'Depuis', 'date attendue (jj/mm/aaaa, aaaa-mm-jj ou date et heure ISO 8601)')
}

/** Decisions taken since an instant, oldest first: what goes back to the portal. */
export async function decisionsSince(ctx: StaffContext, since: string): Promise<DecisionLine[]> {
  const rows = await ctx.db
    .selectFrom('requests')
    .select(['id', 'ref', 'state', 'decided_at', 'reply'])
    .where('decided_at', '>=', since)
    .where('state', 'in', ['validated', 'partial', 'refused', 'closed', 'replaced'])
    .orderBy('decided_at')
    .orderBy('id')
    .execute()
  const partial = rows.filter((r) => r.state === 'partial').map((r) => r.id)
  const accepted = new Map<number, string[]>()
  for (const part of chunks(partial))
    for (const item of await ctx.db
      .selectFrom('request_items')
      .select(['request_id', 'field'])
      .where('request_id', 'in', part)
      .where('outcome', '=', 'accepted')
      .orderBy('request_id')
      .orderBy('position')
      .execute())
      accepted.set(item.request_id, [...(accepted.get(item.request_id) ?? []), item.field])
  return rows.map((r) => ({
    ref: r.ref,
    state: PORTAL_STATE[r.state as keyof typeof PORTAL_STATE],
    decided_at: r.decided_at as string,
    reply: r.reply ?? '',
    ...(r.state === 'partial' ? { accepted: accepted.get(r.id) ?? [] } : {}),
  }))
}

/** The decisions file: one JSON object a line, UTF-8, "\n" line ends. */
export async function exportDecisions(ctx: StaffContext, sinceText: string): Promise<DecisionsExport> {
  const since = parseSince(sinceText)
  const lines = await decisionsSince(ctx, since)
  return {
    fileName: `decisions-depuis-${parisDay(new Date(since))}.jsonl`,
    text: lines.map((l) => `${JSON.stringify(l)}\n`).join(''),
    count: lines.length,
  }
}
