import type { QueryClient } from '@tanstack/react-query'

/** Every query of the calendar screens starts with this key. */
export const CALENDAR_KEY = ['calendar'] as const

/** After a change: structures, holidays, periods and the missing-years warning all read again. */
export function refreshCalendar(queryClient: QueryClient): Promise<void> {
  return queryClient.invalidateQueries({ queryKey: CALENDAR_KEY })
}
