import { addDays, weekdayOf } from '@shared/domain/days'

// The official rule of the school calendar (docs/calendrier.md): holidays
// start after class on the start day, and classes resume in the morning of the
// end day. So the start day is still a school day when it is a class weekday
// (Monday to Friday), a holiday when it is a Saturday or a Sunday; the end day
// is always a school day. A period whose end is not published yet runs on.

export interface HolidayPeriod {
  name: string
  kind: 'petites' | 'grandes'
  starts_on: string
  resumes_on: string | null
}

/** True when `day` is a holiday day of `period`. */
export function isHolidayDay(period: HolidayPeriod, day: string): boolean {
  if (day < period.starts_on) return false
  if (period.resumes_on !== null && day >= period.resumes_on) return false
  if (day === period.starts_on) return weekdayOf(day) >= 6
  return true
}

/** The first and last holiday days of a period (last null while the end is not published). */
export function holidayDays(period: HolidayPeriod): { first: string; last: string | null } {
  const first = weekdayOf(period.starts_on) >= 6 ? period.starts_on : addDays(period.starts_on, 1)
  return { first, last: period.resumes_on === null ? null : addDays(period.resumes_on, -1) }
}
