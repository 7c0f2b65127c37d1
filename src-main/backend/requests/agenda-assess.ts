import type { DB } from '@db/schema'
import type { AgendaAssessment } from '@shared/contract/agenda'
import type { AgendaReview } from '@shared/contract/requests'
import { type AgendaRequestKind, agendaState, REQUEST_KIND_ACTION } from '@shared/domain/agenda'
import type { Kysely } from 'kysely'
import { assessAgendaDates, holidayNotices } from '../agenda/index'
import type { FieldValues } from '../records/values'
import { WAITLIST_APPLIED } from './agenda-decide'
import { type AgendaService, resolveServices, type ServiceMatch } from './agenda-service'

/** What the agenda says of a reservation or absence request, date by date. */
export interface AgendaAssessed {
  kind: AgendaRequestKind
  /** As the family wrote it. */
  serviceText: string
  motif: string | null
  service: AgendaService | null
  /** Why no service was found (French), or null. */
  problem: string | null
  /** One per date of the request, in its order; empty when the service is unknown (and for the queue, which needs none). */
  days: AgendaAssessment[]
  holidaysNotice: string | null
}

interface RequestLike {
  kind: string
  child_id: number | null
  submitted_at_utc: string
}

/** The school holidays not known for the months of the dates: said plainly in the review. */
async function notices(trx: Kysely<DB>, zone: string, dates: string[]): Promise<string | null> {
  const found: string[] = []
  for (const month of [...new Set(dates.map((d) => d.slice(0, 7)))])
    for (const n of await holidayNotices(trx, [zone], month)) if (!found.includes(n)) found.push(n)
  return found.join(' ') || null
}

/**
 * The agenda side of assessing a request (docs/demandes-portail.md): its
 * service found by name or code (`match`), and each date with the state the
 * agenda shows now (the request's own pending mark left out), whether it is
 * on time (the deadline evaluated at the moment the family sent it) and the
 * places left.
 */
async function assessAgendaRequest(
  trx: Kysely<DB>,
  request: RequestLike,
  values: FieldValues,
  match: ServiceMatch,
  withDays: boolean,
): Promise<AgendaAssessed> {
  const kind = request.kind as AgendaRequestKind
  const serviceText = String(values.service ?? '')
  const motif = (values.motif as string | undefined) ?? null
  const dates = (values.dates as string[] | undefined) ?? []
  const base = { kind, serviceText, motif, days: [], holidaysNotice: null }
  if (!match.service || request.child_id === null) return { ...base, service: null, problem: match.problem }
  if (!withDays) return { ...base, service: match.service, problem: null }
  const days = await assessAgendaDates(trx, {
    childId: request.child_id,
    serviceId: match.service.id,
    dates,
    action: REQUEST_KIND_ACTION[kind],
    at: new Date(request.submitted_at_utc),
  })
  return {
    ...base,
    service: match.service,
    problem: null,
    days,
    holidaysNotice: await notices(trx, match.service.zone, dates),
  }
}

/** The review pane's agenda block; `decisions` are the decided dates' outcomes once the request is decided. */
export function agendaReviewOf(
  a: AgendaAssessed,
  decisions: Map<string, 'acceptée' | 'refusée' | 'en attente'>,
): AgendaReview {
  return {
    service: a.serviceText,
    motif: a.motif,
    serviceId: a.service?.id ?? null,
    serviceName: a.service?.name ?? null,
    serviceCode: a.service?.code ?? null,
    structureName: a.service?.structureName ?? null,
    canWaitlist: a.kind === 'reservation.add',
    holidaysNotice: a.holidaysNotice,
    days: a.days.map((d) => ({
      date: d.date,
      state: d.state,
      stateLabel: d.state ? agendaState(d.state).label : null,
      onTime: d.onTime,
      deadline: d.deadline ?? 'sans délai',
      blocked: d.blocked,
      placesLeft: d.placesLeft,
      decision: decisions.get(d.date) ?? null,
    })),
  }
}

/**
 * The agenda side of a batch of requests, in their order; null for the other
 * kinds. Their services are found together (two reads for the batch); the
 * dates, when wanted, one request at a time (each reads its service's month).
 */
export async function assessAgendaRequests(
  trx: Kysely<DB>,
  requests: (RequestLike & { id: number })[],
  values: FieldValues[],
  withDays = true,
): Promise<(AgendaAssessed | null)[]> {
  const agenda = requests.flatMap((r, i) => (r.kind in REQUEST_KIND_ACTION ? [i] : []))
  const matches = await resolveServices(
    trx,
    agenda.map((i) => ({
      childId: requests[i].child_id as number,
      service: String(values[i].service ?? ''),
    })),
  )
  const out: (AgendaAssessed | null)[] = requests.map(() => null)
  for (const [n, i] of agenda.entries())
    out[i] = await assessAgendaRequest(trx, requests[i], values[i], matches[n], withDays)
  return out
}

type DateDecision = 'acceptée' | 'refusée' | 'en attente'

/** Each decided date's outcome as the portal is told it (the `dates` of docs/demandes-portail.md). */
export function decisionOf(item: { outcome: string; applied_value: string | null }): DateDecision | null {
  if (item.outcome === 'accepted') return 'acceptée'
  if (item.outcome === 'pending') return null
  return item.applied_value === WAITLIST_APPLIED ? 'en attente' : 'refusée'
}

export function decidedDates(
  items: { field: string; outcome: string; applied_value: string | null }[],
): Map<string, DateDecision> {
  const map = new Map<string, DateDecision>()
  for (const item of items) {
    const decision = decisionOf(item)
    if (decision) map.set(item.field, decision)
  }
  return map
}
