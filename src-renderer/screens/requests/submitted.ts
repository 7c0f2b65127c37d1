import { formatInstant, formatInstantDay } from '@shared/format/date'

/**
 * When a request came in, as staff can vouch for it: to the minute when the
 * time is known (the portal's, or the one typed with a paper or phone
 * request), else the day alone — never a midnight nobody entered.
 */
export function formatReceived(timeKnown: boolean, iso: string): string {
  return timeKnown ? formatInstant(iso) : formatInstantDay(iso)
}
