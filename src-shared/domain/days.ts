// Calendar days as 'yyyy-mm-dd' strings, computed in UTC so that the result
// never depends on the machine's time zone. Weekdays: Monday = 1 … Sunday = 7;
// weekday masks: Monday = 1, Tuesday = 2, Wednesday = 4 … Sunday = 64.

const MS_PER_DAY = 86_400_000

function toTime(day: string): number {
  return Date.parse(`${day}T00:00:00Z`)
}

function fromTime(time: number): string {
  return new Date(time).toISOString().slice(0, 10)
}

/** `day` moved by `n` calendar days. */
export function addDays(day: string, n: number): string {
  return fromTime(toTime(day) + n * MS_PER_DAY)
}

/** Whole days from `from` to `to` (negative when `to` is before). */
export function dayDiff(from: string, to: string): number {
  return Math.round((toTime(to) - toTime(from)) / MS_PER_DAY)
}

/** ISO weekday: Monday = 1 … Sunday = 7. */
export function weekdayOf(day: string): number {
  const w = new Date(toTime(day)).getUTCDay()
  return w === 0 ? 7 : w
}

/** The bit of a weekday in a weekday mask (Monday = 1 … Sunday = 64). */
export function weekdayBit(weekday: number): number {
  return 1 << (weekday - 1)
}

export function inMask(mask: number, day: string): boolean {
  return (mask & weekdayBit(weekdayOf(day))) !== 0
}

/** Every day from `from` to `to`, both included. */
export function eachDay(from: string, to: string): string[] {
  const days: string[] = []
  for (let t = toTime(from), end = toTime(to); t <= end; t += MS_PER_DAY) days.push(fromTime(t))
  return days
}

/** First and last day of a month 'yyyy-mm'. */
export function monthBounds(month: string): { from: string; to: string } {
  const [y, m] = month.split('-').map(Number)
  const last = new Date(Date.UTC(y, m, 0)).getUTCDate()
  return { from: `${month}-01`, to: `${month}-${String(last).padStart(2, '0')}` }
}

/** The Monday of the week of `day`. */
export function mondayOf(day: string): string {
  return addDays(day, 1 - weekdayOf(day))
}

/** School year of a day: from 1 September to 31 August, written '2025-2026'. */
export function schoolYearOf(day: string): string {
  const y = Number(day.slice(0, 4))
  const m = Number(day.slice(5, 7))
  return m >= 9 ? `${y}-${y + 1}` : `${y - 1}-${y}`
}

/** The school year after '2025-2026': '2026-2027'. */
export function nextSchoolYear(year: string): string {
  const start = Number(year.slice(0, 4)) + 1
  return `${start}-${start + 1}`
}

const WEEKDAY_SHORT = ['Lu', 'Ma', 'Me', 'Je', 'Ve', 'Sa', 'Di']
const WEEKDAY_LONG = ['lundi', 'mardi', 'mercredi', 'jeudi', 'vendredi', 'samedi', 'dimanche']

/** 'Lu', 'Ma'… as the portal's agenda heads its columns. */
export function weekdayShort(day: string): string {
  return WEEKDAY_SHORT[weekdayOf(day) - 1]
}

export function weekdayName(weekday: number): string {
  return WEEKDAY_LONG[weekday - 1]
}

/** The weekdays of a mask, '1,2,4,5' style list → 'lundi, mardi, jeudi, vendredi'. */
export function maskLabel(mask: number): string {
  const names = [1, 2, 3, 4, 5, 6, 7].filter((w) => mask & weekdayBit(w)).map(weekdayName)
  return names.length === 0 ? 'aucun jour' : names.join(', ')
}
