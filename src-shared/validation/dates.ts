import { dayInFrance, parseDay } from '../format/date'

// The dates Marelle accepts, wherever they enter (screens, CSV import,
// portal requests, command line); documented in docs/architecture.md.
//
// - A calendar day (birth, vaccination, QF period, PAI validity, reservation…)
//   must exist (no 30 February) and fall between 1 January 1900 and
//   31 December of the current year + 10: nobody in a family's file was born
//   before 1900, and no validity or reservation reaches ten years ahead, so a
//   year such as 0001, 1024 or 2099 is a typing error. Days that cannot be
//   after today (a birth, a form filled in) are narrowed by ./past-day.ts.
// - An instant sent by the portal (`submitted_at`) must exist, carry its
//   offset, and fall between 1 January 2000 and one day after now: a request
//   cannot come from the future beyond a clock's drift.

export const FIRST_YEAR = 1900
export const YEARS_AHEAD = 10
export const FIRST_INSTANT = '2000-01-01T00:00:00Z'
const INSTANT_DRIFT_MS = 24 * 60 * 60 * 1000

/** The last year a day may have, from today's year in France. */
export function lastYear(now: Date = new Date()): number {
  return Number(dayInFrance(now).slice(0, 4)) + YEARS_AHEAD
}

/** Why a typed day is refused, in French, or its stored form (yyyy-mm-dd). */
export function dayProblem(text: string, now: Date = new Date()): { day: string } | { problem: string } {
  const day = parseDay(text)
  if (!day) return { problem: 'date invalide (jj/mm/aaaa)' }
  const year = Number(day.slice(0, 4))
  const last = lastYear(now)
  if (year < FIRST_YEAR || year > last)
    return { problem: `année ${year} hors des limites (de ${FIRST_YEAR} à ${last})` }
  return { day }
}

const OFFSET_INSTANT =
  /^(\d{4}-\d{2}-\d{2})T(\d{2}):(\d{2})(?::(\d{2})(?:\.\d{1,9})?)?(Z|[+-](\d{2}):?(\d{2}))$/

/**
 * An ISO 8601 instant with its offset ("2017-07-03T10:12:00+02:00") as its
 * UTC form, or why it is refused. Date.parse() alone would turn 30 February
 * into 2 March: every part is checked first.
 */
export function instantProblem(text: string, now: Date = new Date()): { utc: string } | { problem: string } {
  const shape = 'date et heure ISO 8601 avec fuseau attendues (ex. 2017-07-03T10:12:00+02:00)'
  const match = OFFSET_INSTANT.exec(text.trim())
  if (!match) return { problem: shape }
  const [, datePart, hours, minutes, seconds, zone, offsetHours, offsetMinutes] = match
  if (datePart < FIRST_INSTANT.slice(0, 10)) return { problem: `date antérieure au 01/01/2000 (${datePart})` }
  if (!parseDay(datePart)) return { problem: `date inexistante (${datePart})` }
  if (Number(hours) > 23 || Number(minutes) > 59 || Number(seconds ?? 0) > 59)
    return { problem: `heure inexistante (${text.trim().slice(11)})` }
  if (zone !== 'Z' && (Number(offsetHours) > 14 || Number(offsetMinutes) > 59))
    return { problem: `fuseau inexistant (${zone})` }
  const instant = new Date(text.trim())
  if (Number.isNaN(instant.getTime())) return { problem: shape }
  if (instant.getTime() < Date.parse(FIRST_INSTANT))
    return { problem: `date antérieure au 01/01/2000 (${datePart})` }
  if (instant.getTime() > now.getTime() + INSTANT_DRIFT_MS)
    return { problem: `date dans le futur (${datePart})` }
  return { utc: instant.toISOString() }
}
