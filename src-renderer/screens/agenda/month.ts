import { addDays, eachDay, monthBounds, weekdayOf, weekdayShort } from '@shared/domain/days'

// Months as 'yyyy-mm' and the agenda's column heads ("Sa 01", "Di 02"…, as the seed).

const MONTH_NAME = new Intl.DateTimeFormat('fr-FR', { month: 'long', year: 'numeric', timeZone: 'UTC' })

/** '2017-07' → 'Juillet 2017'. */
export function monthLabel(month: string): string {
  const text = MONTH_NAME.format(new Date(`${month}-01T00:00:00Z`))
  return text.charAt(0).toUpperCase() + text.slice(1)
}

/** The month after (+1) or before (-1). */
export function shiftMonth(month: string, by: number): string {
  const [y, m] = month.split('-').map(Number)
  const index = y * 12 + (m - 1) + by
  return `${Math.floor(index / 12)}-${String((index % 12) + 1).padStart(2, '0')}`
}

export function monthDays(month: string): string[] {
  const { from, to } = monthBounds(month)
  return eachDay(from, to)
}

/** "Sa 01". */
export function dayHead(day: string): string {
  return `${weekdayShort(day)} ${day.slice(8)}`
}

export const isWeekend = (day: string) => weekdayOf(day) >= 6

/** A 'yyyy-mm' from the address, or null when it is not one. */
export function parseMonth(text: string | null): string | null {
  return text && /^\d{4}-(0[1-9]|1[0-2])$/.test(text) ? text : null
}

/** The dates from `a` to `b` in order, whichever comes first. */
export function span(a: string, b: string): string[] {
  return a <= b ? eachDay(a, b) : eachDay(b, a)
}

export { addDays }
