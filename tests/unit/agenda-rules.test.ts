import { describe, expect, it } from 'vitest'
import {
  cellState,
  type EnrolmentSpan,
  isPatternDay,
  type StoredDay,
} from '../../src-main/backend/agenda/cell'
import { type DateFacts, decide, type ServiceRules } from '../../src-main/backend/agenda/decide'
import type { ServiceDay } from '../../src-main/backend/calendar/service-days'
import { AGENDA_STATES } from '../../src-shared/domain/agenda'

const termDay = (date: string, more: Partial<ServiceDay> = {}): ServiceDay => ({
  date,
  calendarState: null,
  label: null,
  inHolidays: false,
  open: true,
  capacity: null,
  ...more,
})
const enrolment = (more: Partial<EnrolmentSpan> = {}): EnrolmentSpan => ({
  startsOn: '2017-01-01',
  endsOn: null,
  weekdays: 1 | 2 | 8 | 16,
  alternateFrom: null,
  state: 'validee',
  ...more,
})
const stored = (state: StoredDay['state'], more: Partial<StoredDay> = {}): StoredDay => ({
  state,
  note: null,
  booked: false,
  late: false,
  ...more,
})

describe('the legend', () => {
  it('has the 17 states in the seed’s order, with distinct letters, G and F as the seed', () => {
    expect(AGENDA_STATES.map((s) => s.label)).toEqual([
      'Réservé',
      'Erreur',
      'Congé',
      'Absence à vérifier',
      'Heure hors contrat',
      'Régulier',
      'Réservations Hors Contrat',
      'Fermeture',
      'Absent facturé',
      'Demande en attente',
      'Absent exécuté',
      'Réservation en cours de traitement',
      'Réservation refusée',
      'Absence en cours de traitement',
      'Petites vacances',
      'Grandes vacances',
      'Jour férié',
    ])
    expect(AGENDA_STATES.map((s) => s.position)).toEqual(AGENDA_STATES.map((_, i) => i + 1))
    expect(new Set(AGENDA_STATES.map((s) => s.letter)).size).toBe(17)
    expect(new Set(AGENDA_STATES.map((s) => s.colour)).size).toBe(17)
    expect(AGENDA_STATES.find((s) => s.value === 'grandes_vacances')?.letter).toBe('G')
    expect(AGENDA_STATES.find((s) => s.value === 'jour_ferie')?.letter).toBe('F')
  })

  it('prints every letter readably on its colour (contrast 4.5:1 at least)', () => {
    const luminance = (hex: string) => {
      const [r, g, b] = [1, 3, 5].map((i) => {
        const c = Number.parseInt(hex.slice(i, i + 2), 16) / 255
        return c <= 0.03928 ? c / 12.92 : ((c + 0.055) / 1.055) ** 2.4
      })
      return 0.2126 * r + 0.7152 * g + 0.0722 * b
    }
    for (const s of AGENDA_STATES) {
      const [a, b] = [luminance(s.colour), luminance(s.ink)].sort((x, y) => y - x)
      expect((a + 0.05) / (b + 0.05), s.label).toBeGreaterThanOrEqual(4.5)
    }
  })
})

describe('which state wins', () => {
  it('a public holiday over a holiday period and over a regular day', () => {
    const day = termDay('2017-07-14', {
      calendarState: 'jour_ferie',
      label: 'Fête Nationale',
      open: false,
      inHolidays: true,
    })
    expect(cellState({ day, enrolment: enrolment(), stored: null, pending: null }).state).toBe('jour_ferie')
  })

  it('a closure over a regular day; a pending request over the state under it, not over a closure', () => {
    const closed = termDay('2017-06-08', { calendarState: 'fermeture', label: 'Travaux', open: false })
    expect(
      cellState({ day: closed, enrolment: enrolment(), stored: null, pending: 'absence.declare' }).state,
    ).toBe('fermeture')
    const open = termDay('2017-06-12')
    expect(cellState({ day: open, enrolment: enrolment(), stored: null, pending: null }).state).toBe(
      'regulier',
    )
    expect(
      cellState({ day: open, enrolment: enrolment(), stored: null, pending: 'absence.declare' }).state,
    ).toBe('absence_en_cours')
    expect(
      cellState({ day: open, enrolment: enrolment(), stored: stored('conge'), pending: 'reservation.add' })
        .state,
    ).toBe('reservation_en_cours')
    expect(
      cellState({ day: open, enrolment: enrolment(), stored: null, pending: 'reservation.cancel' }).state,
    ).toBe('absence_en_cours')
  })

  it('Erreur over everything for a stored day on a closed day or outside the enrolment', () => {
    const feast = termDay('2017-05-08', { calendarState: 'jour_ferie', label: 'Victoire 1945', open: false })
    const cell = cellState({
      day: feast,
      enrolment: enrolment(),
      stored: stored('reserve', { booked: true }),
      pending: 'absence.declare',
    })
    expect(cell).toEqual({
      state: 'erreur',
      detail: 'Réservé un jour où service fermé (Victoire 1945)',
      expected: false,
    })
    const waiting = enrolment({ state: 'en_attente' })
    expect(
      cellState({ day: termDay('2017-06-12'), enrolment: waiting, stored: stored('conge'), pending: null })
        .state,
    ).toBe('erreur')
    // A refusal or a waiting-list entry is no error.
    expect(
      cellState({ day: feast, enrolment: enrolment(), stored: stored('reservation_refusee'), pending: null })
        .state,
    ).toBe('jour_ferie')
  })

  it('an exceptional opening on a public holiday shows the child’s own state', () => {
    const opened = termDay('2017-05-08', { calendarState: 'jour_ferie', label: 'Victoire 1945', open: true })
    expect(cellState({ day: opened, enrolment: enrolment(), stored: null, pending: null }).state).toBe(
      'regulier',
    )
    expect(cellState({ day: opened, enrolment: null, stored: null, pending: null }).state).toBe('jour_ferie')
  })

  it('holiday states on weekends, term-time weekends empty', () => {
    const saturday = termDay('2017-07-08', {
      calendarState: 'grandes_vacances',
      open: false,
      inHolidays: true,
    })
    expect(cellState({ day: saturday, enrolment: enrolment(), stored: null, pending: null }).state).toBe(
      'grandes_vacances',
    )
    const termSaturday = termDay('2017-06-10', { open: false })
    expect(cellState({ day: termSaturday, enrolment: enrolment(), stored: null, pending: null }).state).toBe(
      null,
    )
  })

  it('one week in two from the Monday of the week given, before it too', () => {
    const e = enrolment({ weekdays: 1, alternateFrom: '2017-05-10' })
    expect(
      ['2017-05-01', '2017-05-08', '2017-05-15', '2017-05-22', '2017-04-24'].map((d) => isPatternDay(e, d)),
    ).toEqual([false, true, false, true, true])
  })
})

const rules: ServiceRules = {
  attendance: 'regulier',
  latePolicy: 'staff',
  billsLateAbsence: true,
  justificationDays: 3,
}
function facts(more: Partial<DateFacts> & { stored?: StoredDay | null } = {}): DateFacts {
  const day = more.day ?? termDay('2017-06-12')
  const e = more.enrolment === undefined ? enrolment() : more.enrolment
  const s = more.stored ?? null
  return {
    date: day.date,
    day,
    enrolment: e,
    stored: s,
    under: cellState({ day, enrolment: e, stored: s, pending: null }),
    placesLeft: null,
    onTimeBooking: true,
    onTimeCancel: true,
    bookingDeadline: 'jeudi 08/06/2017 à 18 h 00',
    cancelDeadline: 'jeudi 08/06/2017 à 18 h 00',
    today: '2017-06-01',
    ...more,
  }
}

describe('what an action does', () => {
  it('reserve: an extra day beside the pattern, Réservé on a reservation service, refused when full unless waitlisted', () => {
    const wednesday = facts({ day: termDay('2017-06-14') })
    expect(decide(wednesday, rules, { action: 'reserve' })).toMatchObject({
      kind: 'store',
      state: 'reservation_hors_contrat',
      booked: true,
    })
    expect(decide(wednesday, { ...rules, attendance: 'reservation' }, { action: 'reserve' })).toMatchObject({
      state: 'reserve',
    })
    const full = { ...wednesday, placesLeft: 0 }
    expect(decide(full, rules, { action: 'reserve' })).toEqual({
      kind: 'refuse',
      reason: 'complet : plus de place ce jour',
    })
    expect(decide(full, rules, { action: 'reserve', waitlist: true })).toMatchObject({
      state: 'demande_en_attente',
    })
  })

  it('absence: Congé on time, Absent facturé late where billed', () => {
    expect(decide(facts(), rules, { action: 'absence' })).toMatchObject({ state: 'conge', late: false })
    expect(decide(facts({ onTimeCancel: false }), rules, { action: 'absence' })).toMatchObject({
      state: 'absent_facture',
      late: true,
    })
    expect(
      decide(facts({ onTimeCancel: false }), { ...rules, billsLateAbsence: false }, { action: 'absence' }),
    ).toMatchObject({
      state: 'conge',
      late: true,
    })
  })

  it('cancel: a late cancellation of a booked day is billed; a regular day cancelled is an absence', () => {
    const booked = facts({
      day: termDay('2017-06-14'),
      stored: stored('reservation_hors_contrat', { booked: true }),
      onTimeCancel: false,
    })
    expect(decide(booked, rules, { action: 'cancel' })).toMatchObject({ kind: 'refuse' })
    expect(decide(booked, rules, { action: 'cancel', lateReason: 'Accord du directeur' })).toMatchObject({
      state: 'absent_facture',
    })
    expect(decide(booked, { ...rules, latePolicy: 'refuse' }, { action: 'cancel', lateReason: 'x' })).toEqual(
      {
        kind: 'refuse',
        reason: 'hors délai (limite : jeudi 08/06/2017 à 18 h 00)',
      },
    )
    // Cancelling a regular day is an absence.
    expect(decide(facts(), rules, { action: 'cancel' })).toMatchObject({ kind: 'store', state: 'conge' })
    expect(decide(facts({ onTimeCancel: false }), rules, { action: 'cancel' })).toMatchObject({
      state: 'absent_facture',
    })
  })

  it('justify: within the delay after the day only', () => {
    const billed = facts({ stored: stored('absent_facture', { late: true }) })
    expect(
      decide({ ...billed, today: '2017-06-15' }, rules, { action: 'justify', justification: 'Certificat' }),
    ).toMatchObject({
      state: 'absent_execute',
      justifiedOn: '2017-06-15',
    })
    expect(
      decide({ ...billed, today: '2017-06-16' }, rules, { action: 'justify', justification: 'Certificat' }),
    ).toEqual({
      kind: 'refuse',
      reason: 'délai de justification dépassé (au plus tard le 15/06/2017)',
    })
  })
})
