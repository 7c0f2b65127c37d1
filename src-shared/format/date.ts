// Dates are exchanged as ISO strings ('YYYY-MM-DD' for days, full ISO for
// instants) and shown to staff as dd/mm/yyyy, in Paris time.
const TIME_ZONE = 'Europe/Paris'

const dayFormat = new Intl.DateTimeFormat('fr-FR', {
  day: '2-digit',
  month: '2-digit',
  year: 'numeric',
  timeZone: 'UTC',
})
const instantFormat = new Intl.DateTimeFormat('fr-FR', {
  day: '2-digit',
  month: '2-digit',
  year: 'numeric',
  hour: '2-digit',
  minute: '2-digit',
  timeZone: TIME_ZONE,
})

/** '2017-07-03' → '03/07/2017'; empty for null. */
export function formatDay(iso: string | null | undefined): string {
  if (!iso) return ''
  const date = new Date(`${iso.slice(0, 10)}T00:00:00Z`)
  return Number.isNaN(date.getTime()) ? iso : dayFormat.format(date)
}

/** An instant as '03/07/2017 10:12' in Paris time. */
export function formatInstant(iso: string | null | undefined): string {
  if (!iso) return ''
  const date = new Date(iso)
  return Number.isNaN(date.getTime()) ? iso : instantFormat.format(date).replace(',', '')
}

/** 'dd/mm/yyyy' or 'yyyy-mm-dd' → 'yyyy-mm-dd' when it is a real calendar day, else null. */
export function parseDay(text: string): string | null {
  const trimmed = text.trim()
  let y: number
  let m: number
  let d: number
  const fr = /^(\d{1,2})\/(\d{1,2})\/(\d{4})$/.exec(trimmed)
  const iso = /^(\d{4})-(\d{2})-(\d{2})$/.exec(trimmed)
  if (fr) [d, m, y] = [Number(fr[1]), Number(fr[2]), Number(fr[3])]
  else if (iso) [y, m, d] = [Number(iso[1]), Number(iso[2]), Number(iso[3])]
  else return null
  const date = new Date(Date.UTC(y, m - 1, d))
  if (date.getUTCFullYear() !== y || date.getUTCMonth() !== m - 1 || date.getUTCDate() !== d) return null
  return date.toISOString().slice(0, 10)
}

/** The day of an instant in Paris time, '28/11/2026' for '2026-11-27T23:06:00Z'. */
export function formatInstantDay(iso: string | null | undefined): string {
  return formatInstant(iso).slice(0, 10)
}

const parisDay = new Intl.DateTimeFormat('en-CA', {
  timeZone: TIME_ZONE,
  year: 'numeric',
  month: '2-digit',
  day: '2-digit',
})

/** The calendar day in France at `instant`, 'YYYY-MM-DD': "today" for every date rule. */
export function dayInFrance(instant: Date): string {
  return parisDay.format(instant)
}
