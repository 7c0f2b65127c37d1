import { labelOf } from '../domain/options'
import { formatDay } from '../format/date'
import type { FieldSpec } from './spec'

/** '0612345678' → '06 12 34 56 78'; international numbers stay as stored (+41…). */
export function formatPhone(stored: string): string {
  return /^0\d{9}$/.test(stored) ? stored.replace(/(\d{2})(?=\d)/g, '$1 ') : stored
}

/** 'FR7630006000011234567890189' → 'FR76 3000 6000 0112 3456 7890 189', as printed on a RIB. */
export function formatIban(stored: string): string {
  return stored.replace(/(.{4})(?=.)/g, '$1 ')
}

/**
 * A stored value as staff read it: dd/mm/yyyy, Oui/Non, the French label of
 * a list value, phones in pairs of digits; '' for no value.
 */
export function displayValue(spec: FieldSpec, value: unknown): string {
  if (value === null || value === undefined || value === '') return ''
  switch (spec.kind) {
    case 'flag':
      return value === true || value === 1 ? 'Oui' : 'Non'
    case 'day':
      return formatDay(String(value))
    case 'option':
      return labelOf(spec.options ?? [], String(value))
    case 'phone':
      return formatPhone(String(value))
    case 'iban':
      return formatIban(String(value))
    case 'decimal':
      return String(value).replace('.', ',')
    default:
      return String(value)
  }
}
