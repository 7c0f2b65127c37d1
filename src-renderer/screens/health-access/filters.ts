import type { HealthAccessFilters } from '@shared/contract/health-access'

/** The filters as typed on screen: days 'yyyy-mm-dd' (or the text typed), numbers as text. */
export interface AccessFilters {
  from?: string
  to?: string
  staffId?: number
  family?: string
  child?: string
}

/** Without the empty fields, for the channel (which checks and names what is wrong). */
export function cleanFilters(f: AccessFilters): Omit<HealthAccessFilters, 'limit'> {
  const text = (v: string | undefined) => (v?.trim() ? v.trim() : undefined)
  return Object.fromEntries(
    Object.entries({
      from: text(f.from),
      to: text(f.to),
      staffId: f.staffId,
      family: text(f.family),
      child: text(f.child),
    }).filter(([, v]) => v !== undefined),
  ) as Omit<HealthAccessFilters, 'limit'>
}
