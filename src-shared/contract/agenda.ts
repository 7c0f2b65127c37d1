import { AGENDA_ACTIONS, type AgendaAction, type AgendaState } from '../domain/agenda'
import { text } from '../validation/values'
import { z } from '../zod'
import { channel } from './define'

// The agenda (docs/agenda.md): a child's month, a service's month, the staff
// actions on days, and the enrolments that make the regular days.

const id = (label: string) => z.number().int().positive().describe(label)
const month = z
  .string()
  .regex(/^\d{4}-(0[1-9]|1[0-2])$/, { message: 'mois invalide (aaaa-mm)' })
  .describe('Mois')
/** A day as the API carries it: 'yyyy-mm-dd' only (the screens convert dd/mm/yyyy). */
const isoDay = (label: string) =>
  z
    .string()
    .regex(/^\d{4}-\d{2}-\d{2}$/, { message: 'date invalide (aaaa-mm-jj)' })
    .refine(
      (v) =>
        !Number.isNaN(Date.parse(`${v}T00:00:00Z`)) && new Date(`${v}T00:00:00Z`).toISOString().startsWith(v),
      {
        message: 'date invalide',
      },
    )
    .describe(label)
const weekdays = z.number().int().min(0).max(127).describe('Jours de la semaine')

/** One cell: a day of one service in a child's agenda. */
export interface AgendaCell {
  date: string
  /** Exactly one of the 17 states, or null for an empty cell (a term-time weekend, a day with nothing). */
  state: AgendaState | null
  /** The state's label (the seed's legend), its letter; null when empty. */
  label: string | null
  letter: string | null
  /** What explains the cell: the public holiday's, closure's or holiday period's name, the absence's motif… */
  detail: string | null
  /** The service runs this day. */
  open: boolean
  /** The child is expected (Régulier, Réservé, Réservations Hors Contrat, Heure hors contrat). */
  expected: boolean
  /** A pending request's action on this day, if any. */
  pending: 'reservation.add' | 'reservation.cancel' | 'absence.declare' | null
  /** The stored day was accepted after the deadline (late_reason is in the audit). */
  late: boolean
}

export interface AgendaServiceInfo {
  serviceId: number
  serviceName: string
  serviceCode: string
  structureId: number
  structureName: string
  attendance: 'regulier' | 'reservation'
  /** The deadline rules in French (« 2 jours ouvrés avant, à 18 h 00 »), or 'sans délai'. */
  bookingDeadline: string
  cancelDeadline: string
}

/** One row of a child's month: one service the child is enrolled in during the month. */
export interface AgendaRow extends AgendaServiceInfo {
  cells: AgendaCell[]
}

export interface AgendaChildView {
  childId: number
  identifier: string
  lastName: string
  firstName: string
  month: string
  rows: AgendaRow[]
  /** Plain French notices: the school holidays not known for the month's school year, how to import them. */
  notices: string[]
}

export interface AgendaServiceDay {
  date: string
  open: boolean
  /** The calendar's state of the day (Jour férié, Fermeture, vacances) or null. */
  calendarState: AgendaState | null
  calendarLabel: string | null
  /** Children expected this day (Régulier, Réservé, hors contrat); pending requests take no place. */
  expected: number
  /** Places this day; null: no limit. */
  capacity: number | null
}

export interface AgendaServiceChildRow {
  childId: number
  identifier: string
  lastName: string
  firstName: string
  cells: AgendaCell[]
}

export interface AgendaServiceView extends AgendaServiceInfo {
  month: string
  days: AgendaServiceDay[]
  rows: AgendaServiceChildRow[]
  notices: string[]
}

/** What one action did (or would do) on one date. */
export interface AgendaOutcome {
  date: string
  /** applied: done; unchanged: nothing to do (already so); refused: see reason; waitlisted: Demande en attente. */
  outcome: 'applied' | 'unchanged' | 'refused' | 'waitlisted'
  /** The cell's state after the action (before it when refused). */
  state: AgendaState | null
  /** French reason for a refusal, or a note (« hors délai, accepté : … »). */
  reason: string | null
  late: boolean
}

/** The assessment of one date before acting (for the request review and the screens). */
export interface AgendaAssessment {
  date: string
  /** The state now (pending requests left out). */
  state: AgendaState | null
  /** On time for the action's deadline at the moment given. */
  onTime: boolean
  /** The deadline of that date in French (« jeudi 06/07/2017 à 18 h 00 »), or null without a deadline. */
  deadline: string | null
  /** Places left this day (the child itself not counted); null: no limit. */
  placesLeft: number | null
  /** Why the action cannot be applied on this date at all (closed, not enrolled…), or null. */
  blocked: string | null
}

export interface EnrolmentView {
  id: number
  childId: number
  serviceId: number
  serviceName: string
  serviceCode: string
  structureName: string
  startsOn: string
  endsOn: string | null
  weekdays: number
  /** One week in two from this Monday; null: every week. */
  alternateFrom: string | null
  state: 'en_attente' | 'validee' | 'refusee' | 'terminee'
  version: number
}

const ENROLMENT_STATES = ['en_attente', 'validee', 'refusee', 'terminee'] as const

const actInput = z
  .object({
    childId: id('Enfant'),
    serviceId: id('Service'),
    dates: z.array(isoDay('Date')).min(1, { message: 'au moins une date' }).max(366).describe('Dates'),
    action: z
      .enum(AGENDA_ACTIONS.map((a) => a.value) as [AgendaAction, ...AgendaAction[]])
      .describe('Action'),
    motif: text('Motif', 200).optional(),
    justification: text('Justificatif', 200).optional(),
    /** Why staff accept a late action (required when the service leaves late actions to staff). */
    lateReason: text('Motif du retard', 200).optional(),
    /** Over capacity: put the date on the waiting list (Demande en attente) instead of refusing it. */
    waitlist: z.boolean().optional(),
  })
  .strict()

export const agendaChannels = {
  /** A child's month: one row per service the child is enrolled in during the month. */
  'agenda/child': channel(z.object({ childId: id('Enfant'), month }).strict()).returns<AgendaChildView>(),
  /** A service's month: every child enrolled in it, and per day the number expected against the capacity. */
  'agenda/service': channel(
    z.object({ serviceId: id('Service'), month }).strict(),
  ).returns<AgendaServiceView>(),
  /** What an action would meet on each date now: state, deadline, places left. Changes nothing. */
  'agenda/assess': channel(actInput).returns<AgendaAssessment[]>(),
  /** A staff action on one date or a range, in one transaction: each date applied or refused with its reason. */
  'agenda/act': channel(actInput).returns<{ outcomes: AgendaOutcome[] }>(),
  'agenda/enrolments/list': channel(
    z
      .object({ childId: id('Enfant').optional(), serviceId: id('Service').optional() })
      .strict()
      .refine((v) => v.childId !== undefined || v.serviceId !== undefined, {
        message: 'Enfant ou service : obligatoire',
      }),
  ).returns<EnrolmentView[]>(),
  'agenda/enrolments/create': channel(
    z
      .object({
        childId: id('Enfant'),
        serviceId: id('Service'),
        startsOn: isoDay('Début'),
        endsOn: isoDay('Fin').nullable().optional(),
        weekdays,
        alternateFrom: isoDay('Une semaine sur deux à partir du').nullable().optional(),
        state: z.enum(ENROLMENT_STATES).optional().describe('État'),
      })
      .strict(),
  ).returns<EnrolmentView>(),
  /** A new pattern from a date: the row ends the day before, a new row starts that day (the old pattern stays for the days before). */
  'agenda/enrolments/change': channel(
    z
      .object({
        enrolmentId: id('Inscription'),
        version: id('Version'),
        from: isoDay('À partir du'),
        weekdays: weekdays.optional(),
        alternateFrom: isoDay('Une semaine sur deux à partir du').nullable().optional(),
        endsOn: isoDay('Fin').nullable().optional(),
        state: z.enum(ENROLMENT_STATES).optional().describe('État'),
      })
      .strict(),
  ).returns<EnrolmentView[]>(),
  /** Ends an enrolment on a day (its last day). */
  'agenda/enrolments/end': channel(
    z
      .object({ enrolmentId: id('Inscription'), version: id('Version'), endsOn: isoDay('Dernier jour') })
      .strict(),
  ).returns<EnrolmentView>(),
}
