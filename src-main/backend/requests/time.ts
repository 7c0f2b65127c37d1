// Days as the commune lives them: Paris time, whatever the machine's zone.
const TIME_ZONE = 'Europe/Paris'

const dayFormat = new Intl.DateTimeFormat('en-CA', {
  timeZone: TIME_ZONE,
  year: 'numeric',
  month: '2-digit',
  day: '2-digit',
})
const offsetFormat = new Intl.DateTimeFormat('en-US', { timeZone: TIME_ZONE, timeZoneName: 'longOffset' })

/** 'yyyy-mm-dd' of an instant in Paris. */
export function parisDay(instant: Date): string {
  return dayFormat.format(instant)
}

/** Paris's offset from UTC at an instant, in minutes (+60 in winter, +120 in summer). */
function parisOffsetMinutes(instant: Date): number {
  const name = offsetFormat.formatToParts(instant).find((p) => p.type === 'timeZoneName')?.value ?? 'GMT'
  const match = /GMT([+-])(\d{2}):(\d{2})/.exec(name)
  if (!match) return 0
  return (match[1] === '-' ? -1 : 1) * (Number(match[2]) * 60 + Number(match[3]))
}

/** An instant written in Paris time with its offset: "2017-07-03T10:12:00+02:00". */
export function parisIso(instant: Date): string {
  const offset = parisOffsetMinutes(instant)
  const local = new Date(instant.getTime() + offset * 60_000).toISOString().slice(0, 19)
  const sign = offset < 0 ? '-' : '+'
  const abs = Math.abs(offset)
  return `${local}${sign}${String(Math.floor(abs / 60)).padStart(2, '0')}:${String(abs % 60).padStart(2, '0')}`
}

/** Midnight of a Paris day, as an instant. */
export function parisMidnight(day: string): Date {
  const guess = new Date(`${day}T00:00:00Z`)
  return new Date(guess.getTime() - parisOffsetMinutes(guess) * 60_000)
}

/** Whole days from `from` to `to` ('yyyy-mm-dd'). */
export function daysBetween(from: string, to: string): number {
  return Math.round((Date.parse(`${to}T00:00:00Z`) - Date.parse(`${from}T00:00:00Z`)) / 86_400_000)
}

/** Days a request waited: until today while pending, until its decision once decided. */
export function daysWaiting(submittedAt: string, decidedAt: string | null, now: Date): number {
  const end = decidedAt ? parisDay(new Date(decidedAt)) : parisDay(now)
  return Math.max(0, daysBetween(submittedAt.slice(0, 10), end))
}
