import type { ListPerson } from '@shared/contract/lists'
import { ALLERGENS, DIETS } from '@shared/domain/health'
import { formatDay } from '@shared/format/date'
import { parisDay } from '../requests/time'

// Words the printed lists, the CSV files and the command line share.

const allergenLabel = new Map<string, string>(ALLERGENS.map((a) => [a.value, a.label]))
const dietLabel = new Map<string, string>(DIETS.map((d) => [d.value, d.label]))

export const allergenName = (code: string) => allergenLabel.get(code) ?? code
export const dietName = (code: string | null) => (code === null ? '' : (dietLabel.get(code) ?? code))
export const dietCountLabel = (code: string) => (code === 'standard' ? 'Standard' : dietName(code))

export function personLine(p: ListPerson): string {
  const phones = [p.phone, p.mobile].filter(Boolean).join(' / ')
  return `${`${p.lastName} ${p.firstName}`.trim()} (${p.relationship})${phones ? ` ${phones}` : ''}`
}

const timeFormat = new Intl.DateTimeFormat('fr-FR', {
  hour: '2-digit',
  minute: '2-digit',
  timeZone: 'Europe/Paris',
})

/** « Imprimé le 01/12/2026 à 08:12 », Paris time. */
export function printedAt(now: Date): string {
  return `Imprimé le ${formatDay(parisDay(now))} à ${timeFormat.format(now)}`
}

const longDay = new Intl.DateTimeFormat('fr-FR', {
  weekday: 'long',
  day: 'numeric',
  month: 'long',
  year: 'numeric',
  timeZone: 'UTC',
})

/** « mardi 1 décembre 2026 ». */
export function longDate(day: string): string {
  return longDay.format(new Date(`${day}T00:00:00Z`))
}
