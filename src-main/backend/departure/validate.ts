import { formatDay } from '@shared/format/date'

/** The French problem with a departure date (stored YYYY-MM-DD) given the birth date, or null. */
export function departureProblem(birthDate: string | null, leftOn: string | null): string | null {
  if (!leftOn || !birthDate || leftOn >= birthDate) return null
  return `le ${formatDay(leftOn)} est avant la date de naissance (${formatDay(birthDate)})`
}
