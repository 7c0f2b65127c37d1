import type { ChildHealthRead } from '@shared/contract/define'
import { type DecisionsExport, FINANCE_REQUEST_KINDS } from '@shared/contract/requests'
import { kindSpec } from '@shared/requests/kinds'
import { dayProblem, instantProblem } from '@shared/validation/dates'
import type { StaffContext } from '../context'
import { AppError, invalidField } from '../errors'
import { canSeeHealth } from '../settings/service'
import { type DecisionDate, decisionDates } from './agenda-export'
import { chunks } from './chunks'
import { parisDay, parisMidnight } from './time'

/** The three states of docs/demandes-portail.md; a closed or replaced request is, for the portal, not accepted. */
const PORTAL_STATE = {
  validated: 'validée',
  partial: 'partiellement validée',
  refused: 'refusée',
  closed: 'refusée',
  replaced: 'refusée',
} as const

/** One line of the decisions file (docs/demandes-portail.md): `accepted` only for a partial decision. */
export interface DecisionLine {
  ref: string
  state: (typeof PORTAL_STATE)[keyof typeof PORTAL_STATE]
  decided_at: string
  reply: string
  accepted?: string[]
  /** Reservations and absences: the outcome date by date (docs/demandes-portail.md). */
  dates?: DecisionDate[]
}

/** "2017-07-03", "03/07/2017" (from midnight, Paris time) or an ISO 8601 instant. */
export function parseSince(text: string): string {
  // The shared date rules (src-shared/validation/dates.ts): no 30 February, no year 2099.
  const asDay = dayProblem(text)
  if ('day' in asDay) return parisMidnight(asDay.day).toISOString()
  if (/^(\d{1,2}\/\d{1,2}\/\d{4}|\d{4}-\d{2}-\d{2})$/.test(text.trim()))
    throw invalidField('since', 'Depuis', asDay.problem)
  if (/^\d{4}-\d{2}-\d{2}T/.test(text)) {
    const dayPart = dayProblem(text.slice(0, 10))
    if ('problem' in dayPart) throw invalidField('since', 'Depuis', dayPart.problem)
    const asInstant = instantProblem(text)
    if ('utc' in asInstant) return asInstant.utc
    // Without an offset, the machine's local time, as before.
    const local = /(Z|[+-]\d{2}:?\d{2})$/.test(text) ? Number.NaN : Date.parse(text)
    if (!Number.isNaN(local)) return new Date(local).toISOString()
    throw invalidField('since', 'Depuis', asInstant.problem)
  }
  throw invalidField('since', 'Depuis', 'date attendue (jj/mm/aaaa, aaaa-mm-jj ou date et heure ISO 8601)')
}

/**
 * Decisions taken since an instant, oldest first: what goes back to the
 * portal. Replies about health data name it (an allergen, a PAI): a role
 * that may not see health data cannot export them, and the file must stay
 * whole for the portal, so the export is refused to that role when the
 * period holds any (docs/donnees-de-sante.md).
 */
export async function decisionsSince(
  ctx: StaffContext,
  since: string,
): Promise<{ lines: DecisionLine[]; healthRequests: ChildHealthRead[]; financeReplies: number }> {
  const rows = await ctx.db
    .selectFrom('requests')
    .select(['id', 'ref', 'kind', 'family_id', 'child_id', 'state', 'decided_at', 'reply'])
    .where('decided_at', '>=', since)
    .where('state', 'in', ['validated', 'partial', 'refused', 'closed', 'replaced'])
    .orderBy('decided_at')
    .orderBy('id')
    .execute()
  const healthRequests = rows
    .filter((r) => kindSpec(r.kind)?.health && r.child_id !== null)
    .map((r) => ({ childId: r.child_id as number, familyId: r.family_id, requestId: r.id }))
  if (healthRequests.length > 0 && !(await canSeeHealth(ctx.db, ctx.actor)))
    throw new AppError(
      'FORBIDDEN',
      `Depuis cette date, ${healthRequests.length} décision${healthRequests.length > 1 ? 's portent' : ' porte'} sur des données de santé (allergies, vaccinations…) que votre rôle ne permet pas de voir : l’export des décisions doit être fait par un rôle autorisé (Paramètres → Données de santé).`,
    )
  const dates = await decisionDates(ctx.db, rows)
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
  const lines = rows.map((r) => ({
    ref: r.ref,
    state: PORTAL_STATE[r.state as keyof typeof PORTAL_STATE],
    decided_at: r.decided_at as string,
    reply: r.reply ?? '',
    ...(r.state === 'partial' ? { accepted: accepted.get(r.id) ?? [] } : {}),
    ...(dates.has(r.id) ? { dates: dates.get(r.id) } : {}),
  }))
  // Bank and tax replies may repeat an IBAN: the dispatcher refuses them to roles without that right.
  const financeReplies = rows.filter((r) => FINANCE_REQUEST_KINDS.includes(r.kind)).length
  return { lines, healthRequests, financeReplies }
}

/** The decisions file: one JSON object a line, UTF-8, "\n" line ends. */
export async function exportDecisions(ctx: StaffContext, sinceText: string): Promise<DecisionsExport> {
  const since = parseSince(sinceText)
  const { lines, healthRequests, financeReplies } = await decisionsSince(ctx, since)
  return {
    fileName: `decisions-depuis-${parisDay(new Date(since))}.jsonl`,
    text: lines.map((l) => `${JSON.stringify(l)}\n`).join(''),
    count: lines.length,
    healthRequests,
    financeReplies,
  }
}
