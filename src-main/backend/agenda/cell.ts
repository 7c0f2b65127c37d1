import { type AgendaState, agendaState, EXPECTED_STATES, type StoredAgendaState } from '@shared/domain/agenda'
import type { ServiceDay } from '../calendar/service-days'

// The state of one cell, from what applies to the day (docs/agenda.md,
// « Quel état l’emporte »). Strongest first: Erreur, Jour férié, Fermeture,
// the two « en cours de traitement », the stored states, Régulier, then
// Grandes and Petites vacances. A service opened exceptionally on a public
// holiday or a closed day lets the child's own states show.

export interface EnrolmentSpan {
  startsOn: string
  endsOn: string | null
  weekdays: number
  alternateFrom: string | null
  state: 'en_attente' | 'validee' | 'refusee' | 'terminee'
}

export interface StoredDay {
  state: StoredAgendaState
  note: string | null
  booked: boolean
  late: boolean
}

export type PendingAction = 'reservation.add' | 'reservation.cancel' | 'absence.declare'

export interface CellInput {
  day: ServiceDay
  /** The enrolment covering the day, if any. */
  enrolment: EnrolmentSpan | null
  stored: StoredDay | null
  pending: PendingAction | null
}

export interface CellState {
  state: AgendaState | null
  detail: string | null
  expected: boolean
}

/** Validated (or finished) enrolments make regular days and allow bookings; one waiting or refused does not. */
export function isActive(enrolment: EnrolmentSpan | null): boolean {
  return enrolment !== null && (enrolment.state === 'validee' || enrolment.state === 'terminee')
}

/** Weekday bit (Monday = 1 … Sunday = 64) and Monday-based week number of a day, remembered: a month of 2,000 children asks 62,000 times. */
const dayKeys = new Map<string, { bit: number; week: number }>()

function dayKey(day: string): { bit: number; week: number } {
  let key = dayKeys.get(day)
  if (!key) {
    // 1970-01-01 was a Thursday: day 0 is weekday 4, and week 0 starts on Monday 29 December 1969.
    const n = Math.round(Date.parse(`${day}T00:00:00Z`) / 86_400_000)
    key = { bit: 1 << ((((n + 3) % 7) + 7) % 7), week: Math.floor((n + 3) / 7) }
    if (dayKeys.size > 50_000) dayKeys.clear()
    dayKeys.set(day, key)
  }
  return key
}

/** A day of the weekly pattern: its weekday, and for one week in two the even weeks from alternateFrom. */
export function isPatternDay(enrolment: EnrolmentSpan, day: string): boolean {
  const key = dayKey(day)
  if ((enrolment.weekdays & key.bit) === 0) return false
  if (enrolment.alternateFrom === null) return true
  return (key.week - dayKey(enrolment.alternateFrom).week) % 2 === 0
}

/** Stored states that never make an Erreur: a refusal or a waiting-list entry holds no place. */
const HARMLESS: readonly AgendaState[] = ['reservation_refusee', 'demande_en_attente']

export function cellState({ day, enrolment, stored, pending }: CellInput): CellState {
  const enrolled = isActive(enrolment)
  if (stored && !HARMLESS.includes(stored.state) && (!day.open || !enrolled)) {
    const why = !enrolled ? 'hors inscription' : `service fermé${day.label ? ` (${day.label})` : ''}`
    return {
      state: 'erreur',
      detail: `${agendaState(stored.state).label} un jour où ${why}`,
      expected: false,
    }
  }
  const closedBy = day.calendarState === 'jour_ferie' || day.calendarState === 'fermeture'
  if (closedBy && !day.open) return { state: day.calendarState, detail: day.label, expected: false }
  if (pending) {
    const state = pending === 'reservation.add' ? 'reservation_en_cours' : 'absence_en_cours'
    return { state, detail: null, expected: false }
  }
  if (stored)
    return { state: stored.state, detail: stored.note, expected: EXPECTED_STATES.includes(stored.state) }
  if (enrolled && day.open && isPatternDay(enrolment as EnrolmentSpan, day.date))
    return { state: 'regulier', detail: null, expected: true }
  if (day.calendarState) return { state: day.calendarState, detail: day.label, expected: false }
  return { state: null, detail: null, expected: false }
}
