import joursFeries from '@socialgouv/jours-feries'

// Public holidays (Code du travail L3133-1; Alsace-Moselle adds Good Friday and
// 26 December) from @socialgouv/jours-feries. The library returns Dates at
// the machine's local midnight, built by adding whole days of milliseconds:
// read each at local noon so that neither the machine's zone nor a summer-time
// change moves it to another day.

const cache = new Map<string, Map<string, string>>()

function localDay(date: Date): string {
  const noon = new Date(date.getTime() + 12 * 3_600_000)
  const y = noon.getFullYear()
  const m = String(noon.getMonth() + 1).padStart(2, '0')
  const d = String(noon.getDate()).padStart(2, '0')
  return `${y}-${m}-${d}`
}

/** The public holidays of a year: day 'yyyy-mm-dd' → French name (« Fête Nationale »…). */
export function publicHolidays(year: number, alsaceMoselle: boolean): Map<string, string> {
  const key = `${year}:${alsaceMoselle}`
  const known = cache.get(key)
  if (known) return known
  const days = new Map<string, string>()
  for (const [name, date] of Object.entries(joursFeries(year, { alsace: alsaceMoselle })))
    days.set(localDay(date), name)
  cache.set(key, days)
  return days
}

/** The public holiday on a day, or null. */
export function publicHolidayOn(day: string, alsaceMoselle: boolean): string | null {
  return publicHolidays(Number(day.slice(0, 4)), alsaceMoselle).get(day) ?? null
}
