import { labelOf } from '../domain/options'
import type { FieldSpec } from '../fields/index'
import { formatDay } from '../format/date'

/** A field's value as staff and families read it: Oui/Non, list labels, dd/mm/yyyy; '' when empty. */
export function displayValue(spec: FieldSpec | undefined, value: unknown): string {
  if (value === null || value === undefined || value === '') return ''
  if (!spec) return String(value)
  switch (spec.kind) {
    case 'flag':
      return value === true || value === 1 ? 'Oui' : 'Non'
    case 'option':
      return labelOf(spec.options ?? [], String(value))
    case 'day':
      return formatDay(String(value))
    default:
      return String(value)
  }
}
