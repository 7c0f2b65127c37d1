import { formatInstant, formatInstantDay } from '@shared/format/date'

/**
 * When a request came in, as staff can vouch for it: the portal's instant
 * to the minute; for a form on paper or a phone call, the day typed (the
 * time stored with it was never entered by anyone).
 */
export function formatReceived(channel: string, iso: string): string {
  return channel === 'portail' ? formatInstant(iso) : formatInstantDay(iso)
}

/** Requests typed by staff have references M-…; the portal's, its own (P-…). */
export const channelOfRef = (ref: string) => (ref.startsWith('M-') ? 'papier' : 'portail')
