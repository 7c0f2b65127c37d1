import { formatDay } from '@shared/format/date'

// How typed values are written in a family file. Reading them back is the
// field catalogue's job, with the shared validators (src-shared/validation:
// parseDay takes dd/mm/yyyy and yyyy-mm-dd, parseFlag takes Oui/Non, O/N,
// 1/0, true/false, Vrai/Faux), so that a CSV cell and a form field accept
// the same things.

/** A stored day 'yyyy-mm-dd' as dd/mm/yyyy; empty for none. */
export function csvDate(day: string | null | undefined): string {
  return formatDay(day)
}

/** A stored flag (boolean, or 0/1 from SQLite) as Oui/Non; empty for none. */
export function csvBoolean(flag: boolean | number | null | undefined): string {
  if (flag === null || flag === undefined) return ''
  if (flag === true || flag === 1) return 'Oui'
  if (flag === false || flag === 0) return 'Non'
  throw new Error(`not a stored flag: ${flag}`)
}

/** A number with a decimal comma, as French Excel reads it (3,5 parts); empty for none. */
export function csvNumber(value: number | null | undefined): string {
  if (value === null || value === undefined) return ''
  return String(value).replace('.', ',')
}
