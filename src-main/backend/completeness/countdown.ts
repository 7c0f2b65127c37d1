import { PROVISIONAL_ADMISSION_MONTHS } from '@shared/domain/health'
import { addMonths } from '@shared/domain/vaccine-status'

function nextDay(day: string): string {
  return new Date(Date.parse(`${day}T00:00:00Z`) + 86_400_000).toISOString().slice(0, 10)
}

/** Last day to catch up on vaccinations after a provisional admission on `admittedOn` (as vaccineStatus counts it). */
export function provisionalDeadline(admittedOn: string): string {
  return addMonths(admittedOn, PROVISIONAL_ADMISSION_MONTHS)
}

/**
 * The earliest admission day whose countdown still runs on `today`, so that
 * SQL can compare the stored day with it instead of computing a deadline per
 * row. Adding months never goes backwards, so stepping forward from three
 * months before finds it within a few days.
 */
export function earliestRunningAdmission(today: string): string {
  let day = addMonths(today, -PROVISIONAL_ADMISSION_MONTHS - 1)
  while (provisionalDeadline(day) < today) day = nextDay(day)
  return day
}
