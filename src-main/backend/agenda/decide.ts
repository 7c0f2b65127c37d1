import type { AgendaAction, AgendaState, StoredAgendaState } from '@shared/domain/agenda'
import { ABSENCE_STATES, agendaState, EXPECTED_STATES } from '@shared/domain/agenda'
import { addDays } from '@shared/domain/days'
import { formatDay } from '@shared/format/date'
import type { ServiceDay } from '../calendar/service-days'
import { type CellState, type EnrolmentSpan, isActive, type StoredDay } from './cell'

// What one action does on one date, from the state under it (docs/agenda.md,
// « Ce que fait chaque action »). Pure: the caller loads the day, checks the
// deadline and counts the places, then writes what this returns.

export interface ServiceRules {
  attendance: 'regulier' | 'reservation'
  latePolicy: 'refuse' | 'staff'
  billsLateAbsence: boolean
  justificationDays: number
}

export interface DateFacts {
  date: string
  day: ServiceDay
  enrolment: EnrolmentSpan | null
  stored: StoredDay | null
  /** The cell now, pending requests left out. */
  under: CellState
  /** Places left that day, the child not counted; null: no limit. */
  placesLeft: number | null
  onTimeBooking: boolean
  onTimeCancel: boolean
  /** The deadlines of the date in French, for the refusals. */
  bookingDeadline: string | null
  cancelDeadline: string | null
  /** The Paris day of the moment of acting. */
  today: string
}

export interface ActOptions {
  action: AgendaAction
  motif?: string | null
  justification?: string | null
  lateReason?: string | null
  waitlist?: boolean
}

export type Decision =
  | { kind: 'refuse'; reason: string }
  | { kind: 'unchanged'; reason: string }
  | {
      kind: 'store'
      state: StoredAgendaState
      booked: boolean
      late: boolean
      note?: string | null
      justification?: string | null
      justifiedOn?: string | null
    }
  | { kind: 'delete'; late: boolean }

const refuse = (reason: string): Decision => ({ kind: 'refuse', reason })

function closedReason(facts: DateFacts): string | null {
  if (!isActive(facts.enrolment)) return 'pas d’inscription validée à ce service ce jour'
  if (!facts.day.open) return `service fermé ce jour${facts.day.label ? ` (${facts.day.label})` : ''}`
  return null
}

/** The late rule: on time, or late and refused, or late and accepted by staff with a reason. */
function lateCheck(onTime: boolean, deadline: string | null, rules: ServiceRules, options: ActOptions) {
  if (onTime) return { late: false, refusal: null }
  const limit = deadline ? ` (limite : ${deadline})` : ''
  if (rules.latePolicy === 'refuse') return { late: true, refusal: `hors délai${limit}` }
  if (!options.lateReason)
    return { late: true, refusal: `hors délai${limit} : indiquez le motif du retard pour accepter` }
  return { late: true, refusal: null }
}

const isExpected = (state: AgendaState | null) => state !== null && EXPECTED_STATES.includes(state)
const isAbsence = (state: AgendaState | null) => state !== null && ABSENCE_STATES.includes(state)

/** The booked state of the service: Réservé where children come on reserved days, Réservations Hors Contrat beside a pattern. */
function bookedState(rules: ServiceRules): StoredAgendaState {
  return rules.attendance === 'reservation' ? 'reserve' : 'reservation_hors_contrat'
}

function full(facts: DateFacts): boolean {
  return facts.placesLeft !== null && facts.placesLeft <= 0
}

const FULL = 'complet : plus de place ce jour'

export function decide(facts: DateFacts, rules: ServiceRules, options: ActOptions): Decision {
  const state = facts.under.state
  const stateLabel = state ? agendaState(state).label : ''
  switch (options.action) {
    case 'reserve': {
      const closed = closedReason(facts)
      if (closed) return refuse(closed)
      if (isExpected(state)) return { kind: 'unchanged', reason: `déjà prévu (${stateLabel})` }
      if (isAbsence(state))
        return refuse(`une absence est enregistrée ce jour (${stateLabel}) : annulez-la d’abord`)
      const late = lateCheck(facts.onTimeBooking, facts.bookingDeadline, rules, options)
      if (late.refusal) return refuse(late.refusal)
      if (full(facts)) {
        if (!options.waitlist) return refuse(FULL)
        return {
          kind: 'store',
          state: 'demande_en_attente',
          booked: false,
          late: late.late,
          note: options.motif,
        }
      }
      return { kind: 'store', state: bookedState(rules), booked: true, late: late.late, note: options.motif }
    }
    case 'absence': {
      if (isAbsence(state)) return { kind: 'unchanged', reason: `absence déjà enregistrée (${stateLabel})` }
      if (!isExpected(state)) return refuse(closedReason(facts) ?? 'aucune présence prévue ce jour')
      const late = !facts.onTimeCancel
      return {
        kind: 'store',
        state: late && rules.billsLateAbsence ? 'absent_facture' : 'conge',
        booked: facts.stored?.booked ?? false,
        late,
        note: options.motif,
      }
    }
    case 'cancel':
      return decideCancel(facts, rules, options)
    case 'justify': {
      if (state === 'absent_execute') return { kind: 'unchanged', reason: 'absence déjà justifiée' }
      if (state !== 'absent_facture')
        return refuse('seule une absence facturée (Absent facturé) peut être justifiée')
      if (!options.justification) return refuse('indiquez le justificatif (certificat médical…)')
      const lastDay = addDays(facts.date, rules.justificationDays)
      if (facts.today > lastDay)
        return refuse(`délai de justification dépassé (au plus tard le ${formatDay(lastDay)})`)
      return {
        kind: 'store',
        state: 'absent_execute',
        booked: facts.stored?.booked ?? false,
        late: facts.stored?.late ?? true,
        note: facts.stored?.note ?? null,
        justification: options.justification,
        justifiedOn: facts.today,
      }
    }
  }
}

function decideCancel(facts: DateFacts, rules: ServiceRules, options: ActOptions): Decision {
  const state = facts.under.state
  const stored = facts.stored
  if (state === 'erreur' || state === 'reservation_refusee' || state === 'demande_en_attente')
    return { kind: 'delete', late: false }
  // Cancelling a regular day is saying the child will not come: an absence.
  if (state === 'regulier') return decide(facts, rules, { ...options, action: 'absence' })
  if (
    stored &&
    (state === 'reserve' || state === 'reservation_hors_contrat' || state === 'heure_hors_contrat')
  ) {
    const late = lateCheck(facts.onTimeCancel, facts.cancelDeadline, rules, options)
    if (late.refusal) return refuse(late.refusal)
    // A reservation cancelled late is a late absence: billed where the service bills them.
    if (late.late && rules.billsLateAbsence)
      return { kind: 'store', state: 'absent_facture', booked: true, late: true, note: options.motif }
    return { kind: 'delete', late: late.late }
  }
  if (stored && isAbsence(state)) {
    // The child comes after all: the place and the booking deadline count again.
    const closed = closedReason(facts)
    if (closed) return refuse(closed)
    const late = lateCheck(facts.onTimeBooking, facts.bookingDeadline, rules, options)
    if (late.refusal) return refuse(late.refusal)
    if (full(facts)) return refuse(FULL)
    if (stored.booked) return { kind: 'store', state: bookedState(rules), booked: true, late: late.late }
    return { kind: 'delete', late: late.late }
  }
  return { kind: 'unchanged', reason: 'rien à annuler ce jour' }
}
