import { dayInFrance, parseDay } from '@shared/format/date'

// The official exports write each day as the UTC stamp of its Paris midnight
// ("2025-10-17T22:00:00+00:00" is 18 October 2025): read every stamp in Paris
// time, so that neither the machine's zone nor summer time moves a day.

/** A day of the official files: a stamp with a zone, or a plain day (aaaa-mm-jj, jj/mm/aaaa). */
export function parisDayOf(value: string | null | undefined): string | null {
  const text = (value ?? '').trim()
  if (text === '') return null
  const plain = parseDay(text)
  if (plain) return plain
  // A stamp must say its zone (Z or ±hh:mm): a bare local time would depend on the machine.
  if (!/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d+)?)?(Z|[+-]\d{2}:?\d{2})$/i.test(text)) return null
  const time = Date.parse(text)
  return Number.isNaN(time) ? null : dayInFrance(new Date(time))
}
