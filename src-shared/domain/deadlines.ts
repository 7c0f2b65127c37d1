import { z } from '../zod'
import { addDays, mondayOf, weekdayName, weekdayOf } from './days'

// The deadline rules of a service (services.booking_deadline and
// services.cancel_deadline, stored as JSON; NULL: no deadline). Times are
// Paris wall-clock times; the rules are evaluated in Paris time at the moment
// the family or the staff member acts (docs/agenda.md, "Délais").
//
// - days_before: N days before the day, at HH:MM, counting calendar days,
//   working days (Monday to Friday, no public holiday) or the service's
//   opening days. N = 0 is the day itself.
// - weekday_previous_week: a given weekday of the week before the day's week
//   (Monday-based weeks), at HH:MM: « le jeudi précédent pour la semaine suivante ».
// - day_of_previous_month: the Nth of the month before the day's month, at
//   HH:MM (the 31st of a 30-day month is its last day).

const time = z
  .string()
  .regex(/^([01]\d|2[0-3]):[0-5]\d$/, { message: 'heure invalide (hh:mm)' })
  .describe('Heure')

export const DEADLINE_COUNTS = [
  { value: 'calendar', label: 'jours calendaires' },
  { value: 'working', label: 'jours ouvrés' },
  { value: 'opening', label: 'jours d’ouverture du service' },
] as const

export type DeadlineCount = (typeof DEADLINE_COUNTS)[number]['value']

export const deadlineRuleSchema = z.discriminatedUnion('kind', [
  z
    .object({
      kind: z.literal('days_before'),
      days: z.number().int().min(0).max(90).describe('Nombre de jours'),
      count: z.enum(['calendar', 'working', 'opening']).describe('Jours comptés'),
      time,
    })
    .strict(),
  z
    .object({
      kind: z.literal('weekday_previous_week'),
      weekday: z.number().int().min(1).max(7).describe('Jour de la semaine'),
      time,
    })
    .strict(),
  z
    .object({
      kind: z.literal('day_of_previous_month'),
      day: z.number().int().min(1).max(31).describe('Jour du mois'),
      time,
    })
    .strict(),
])

export type DeadlineRule = z.infer<typeof deadlineRuleSchema>

/** Which days count when a rule counts working days or opening days. */
export interface DeadlineDays {
  /** Monday to Friday and no public holiday. */
  isWorkingDay(day: string): boolean
  /** The service runs this day. */
  isOpeningDay(day: string): boolean
}

/** The last moment to act for `day`, as a Paris day and time ('2017-07-06', '18:00'). */
export function deadlineOf(
  rule: DeadlineRule,
  day: string,
  days: DeadlineDays,
): { day: string; time: string } {
  switch (rule.kind) {
    case 'days_before': {
      if (rule.count === 'calendar') return { day: addDays(day, -rule.days), time: rule.time }
      const counts = rule.count === 'working' ? days.isWorkingDay : days.isOpeningDay
      let at = day
      // Two years back at most: a service that never opens has no earlier day.
      for (let left = rule.days, guard = 0; left > 0 && guard < 730; guard++) {
        at = addDays(at, -1)
        if (counts(at)) left--
      }
      return { day: at, time: rule.time }
    }
    case 'weekday_previous_week':
      return { day: addDays(mondayOf(day), rule.weekday - 8), time: rule.time }
    case 'day_of_previous_month': {
      const y = Number(day.slice(0, 4))
      const m = Number(day.slice(5, 7))
      const [py, pm] = m === 1 ? [y - 1, 12] : [y, m - 1]
      const last = new Date(Date.UTC(py, pm, 0)).getUTCDate()
      const d = Math.min(rule.day, last)
      return { day: `${py}-${String(pm).padStart(2, '0')}-${String(d).padStart(2, '0')}`, time: rule.time }
    }
  }
}

/** The instant of a Paris wall-clock day and time (summer time included). */
export function parisInstant(day: string, time: string): Date {
  const guess = Date.parse(`${day}T${time}:00Z`)
  // Paris is UTC+1 or UTC+2: try both offsets and keep the one that reads back.
  for (const hours of [1, 2]) {
    const candidate = new Date(guess - hours * 3_600_000)
    if (parisClock(candidate).day === day && parisClock(candidate).time === time) return candidate
  }
  // A time skipped by the spring change (02:30): the hour after.
  return new Date(guess - 3_600_000)
}

const PARIS = new Intl.DateTimeFormat('en-CA', {
  timeZone: 'Europe/Paris',
  year: 'numeric',
  month: '2-digit',
  day: '2-digit',
  hour: '2-digit',
  minute: '2-digit',
  hourCycle: 'h23',
})

/** The Paris day and time of an instant. */
export function parisClock(at: Date): { day: string; time: string } {
  const parts = Object.fromEntries(PARIS.formatToParts(at).map((p) => [p.type, p.value]))
  return { day: `${parts.year}-${parts.month}-${parts.day}`, time: `${parts.hour}:${parts.minute}` }
}

/** On time when acting at `at` is no later than the deadline's minute (18:00:59 is still 18:00). */
export function isOnTime(rule: DeadlineRule | null, day: string, at: Date, days: DeadlineDays): boolean {
  if (!rule) return true
  const limit = deadlineOf(rule, day, days)
  return at.getTime() < parisInstant(limit.day, limit.time).getTime() + 60_000
}

const SINGULAR: Record<DeadlineCount, string> = {
  calendar: 'jour',
  working: 'jour ouvré',
  opening: 'jour d’ouverture du service',
}
const PLURAL: Record<DeadlineCount, string> = {
  calendar: 'jours',
  working: 'jours ouvrés',
  opening: 'jours d’ouverture du service',
}

/** The rule in French, as staff and families read it: « 2 jours ouvrés avant, à 18:00 ». */
export function describeDeadline(rule: DeadlineRule | null): string {
  if (!rule) return 'sans délai'
  const at = `à ${rule.time.replace(':', ' h ')}`
  switch (rule.kind) {
    case 'days_before':
      if (rule.days === 0) return `le jour même, ${at}`
      return `${rule.days} ${rule.days === 1 ? SINGULAR[rule.count] : PLURAL[rule.count]} avant, ${at}`
    case 'weekday_previous_week':
      return `le ${weekdayName(rule.weekday)} de la semaine précédente, ${at}`
    case 'day_of_previous_month':
      return `le ${rule.day === 1 ? '1er' : rule.day} du mois précédent, ${at}`
  }
}

/** The deadline for one day in French: « jeudi 06/07/2017 à 18 h 00 ». */
export function describeDeadlineFor(rule: DeadlineRule, day: string, days: DeadlineDays): string {
  const limit = deadlineOf(rule, day, days)
  const [y, m, d] = limit.day.split('-')
  return `${weekdayName(weekdayOf(limit.day))} ${d}/${m}/${y} à ${limit.time.replace(':', ' h ')}`
}

/** A stored rule (JSON text) read back; null when absent. Throws on a malformed rule. */
export function parseDeadline(json: string | null): DeadlineRule | null {
  if (json === null || json === '') return null
  return deadlineRuleSchema.parse(JSON.parse(json))
}
