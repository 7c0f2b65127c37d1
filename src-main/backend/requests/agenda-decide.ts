import type { DB } from '@db/schema'
import type { AgendaOutcome } from '@shared/contract/agenda'
import { REQUEST_KIND_ACTION } from '@shared/domain/agenda'
import { formatDay } from '@shared/format/date'
import { agendaAcceptedText, WAITLIST_REASON } from '@shared/requests/agenda-reply'
import type { Kysely } from 'kysely'
import { applyAgendaDates, refuseAgendaDates } from '../agenda/index'
import type { StaffContext } from '../context'
import { AppError } from '../errors'
import { releaseAgendaDays } from './agenda-intake'
import type { Assessment, ItemRecord } from './assess'
import type { DecideInput } from './decide'
import { encodeValue } from './items'

/** request_items.applied_value of a date put on the waiting list (docs/demandes-portail.md). */
export const WAITLIST_APPLIED = encodeValue('Demande en attente')

/** One line of a decision as decide.ts builds it. */
interface Line {
  item: ItemRecord
  accept: boolean
  reason: string | null
  value: unknown
}

/** A refused reservation shows « Réservation refusée » where nothing else is stored on that day (the agenda's rule). */
async function markRefused(trx: Kysely<DB>, ctx: StaffContext, a: Assessment, lines: Line[]) {
  const service = a.agenda?.service
  if (!service || a.request.child_id === null) return
  const byReason = new Map<string, string[]>()
  for (const l of lines) byReason.set(l.reason ?? '', [...(byReason.get(l.reason ?? '') ?? []), l.item.field])
  for (const [reason, dates] of byReason)
    await refuseAgendaDates(trx, ctx, {
      childId: a.request.child_id,
      serviceId: service.id,
      dates,
      requestId: a.request.id,
      reason: reason || null,
    })
}

async function apply(
  trx: Kysely<DB>,
  ctx: StaffContext,
  a: Assessment,
  dates: string[],
  extra: { lateReason?: string; waitlist?: boolean },
): Promise<AgendaOutcome[]> {
  if (dates.length === 0) return []
  const { request } = a
  return applyAgendaDates(trx, ctx, {
    childId: request.child_id as number,
    serviceId: a.agenda?.service?.id as number,
    dates,
    action: REQUEST_KIND_ACTION[a.agenda?.kind ?? 'reservation.add'],
    at: new Date(request.submitted_at_utc),
    requestId: request.id,
    ...(a.agenda?.motif ? { motif: a.agenda.motif } : {}),
    ...extra,
  })
}

/**
 * Decides a reservation or absence request date by date, in the decision's
 * transaction (docs/demandes-portail.md): its dates leave the agenda's
 * « en cours de traitement », each accepted date goes through the agenda's
 * own rules (deadline evaluated at the moment the family sent the request,
 * capacity), a date over capacity may go on the waiting list (Demande en
 * attente), and a refused reservation shows « Réservation refusée ». A date
 * accepted by staff that the agenda refuses stops the whole decision, with
 * the reasons, so that nothing is half applied. A reason given on an
 * accepted line is the reason for accepting it late.
 */
export async function decideAgendaDates<L extends Line>(
  trx: Kysely<DB>,
  ctx: StaffContext,
  a: Assessment,
  input: DecideInput,
  lines: L[],
): Promise<(L & { waitlisted: boolean })[]> {
  await releaseAgendaDays(trx, a.request.id)
  const asked = new Map(input.outcomes.map((o) => [o.field, o]))
  const waitlist = (l: L) => !l.accept && asked.get(l.item.field)?.waitlist === true
  const plain = lines.map((l) => ({ ...l, waitlisted: false }))
  if (input.action === 'close') return plain
  const agenda = a.agenda
  const wanted = lines.filter((l) => l.accept || waitlist(l))
  if (wanted.length > 0 && (!agenda?.service || a.blocked))
    throw new AppError(
      'VALIDATION',
      a.blocked ?? 'Service de la demande introuvable : refusez-la ou classez-la.',
    )
  if (!agenda?.service) return plain
  if (lines.some(waitlist) && agenda.kind !== 'reservation.add')
    throw new AppError('VALIDATION', 'Seule une réservation peut être mise en liste d’attente.')

  // Accepted dates, grouped by the reason given for accepting them late.
  const groups = new Map<string, string[]>()
  for (const l of lines.filter((x) => x.accept)) {
    const key = l.reason?.trim() ?? ''
    groups.set(key, [...(groups.get(key) ?? []), l.item.field])
  }
  const results = new Map<string, AgendaOutcome>()
  for (const [lateReason, dates] of groups)
    for (const o of await apply(trx, ctx, a, dates, lateReason ? { lateReason } : {})) results.set(o.date, o)
  for (const o of await apply(
    trx,
    ctx,
    a,
    lines.filter(waitlist).map((l) => l.item.field),
    { waitlist: true },
  ))
    results.set(o.date, o)
  const refusedByAgenda = [...results.values()].filter((o) => o.outcome === 'refused')
  if (refusedByAgenda.length > 0)
    throw new AppError(
      'VALIDATION',
      `Dates refusées par l’agenda : ${refusedByAgenda.map((o) => `le ${formatDay(o.date)} : ${o.reason ?? 'refusée'}`).join(' ; ')}. Décidez ces dates une à une (refus${agenda.kind === 'reservation.add' ? ', liste d’attente' : ''} ou motif du retard sur la ligne) : rien n’a été enregistré.`,
    )
  if (agenda.kind === 'reservation.add')
    await markRefused(
      trx,
      ctx,
      a,
      lines.filter((l) => !l.accept && !waitlist(l)),
    )
  const accepted = agendaAcceptedText(agenda.kind, agenda.service.name)
  return lines.map((l) => {
    const result = results.get(l.item.field)
    if (l.accept) return { ...l, reason: null, value: accepted, waitlisted: false }
    // Asked for the waiting list but there was room after all: the date is booked.
    if (result && result.outcome !== 'waitlisted')
      return { ...l, accept: true, reason: null, value: accepted, waitlisted: false }
    if (result) return { ...l, reason: l.reason ?? WAITLIST_REASON, waitlisted: true }
    return { ...l, waitlisted: false }
  })
}

/** After the decision is recorded: the dates on the waiting list say so in request_items (for the portal's export). */
export async function recordWaitlist(
  trx: Kysely<DB>,
  lines: { item: ItemRecord; waitlisted?: boolean }[],
): Promise<void> {
  const ids = lines.filter((l) => l.waitlisted).map((l) => l.item.id)
  if (ids.length > 0)
    await trx
      .updateTable('request_items')
      .set({ applied_value: WAITLIST_APPLIED })
      .where('id', 'in', ids)
      .execute()
}
