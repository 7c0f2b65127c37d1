import type { z } from 'zod'
import type { Option } from '../domain/options'

export type FieldKind =
  | 'text'
  | 'address'
  | 'phone'
  | 'email'
  | 'postal_code'
  | 'day'
  | 'flag'
  | 'option'
  | 'integer'
  | 'decimal'
  | 'iban'
  | 'bic'

/**
 * One field of a record, described once for every place it appears: the
 * portal's payloads and `family show --json` (key), the database (column),
 * the screens and messages (label), the CSV files (csv) and validation
 * (schema: what people type → the stored form).
 */
export interface FieldSpec {
  /** snake_case ASCII name of docs/demandes-portail.md, e.g. "telephone_domicile". */
  key: string
  /** Other names accepted in payloads, e.g. "date_de_rappel" for "date_rappel". */
  aliases?: readonly string[]
  column: string
  label: string
  /** Header in the family-file CSV, when the field has a column there. */
  csv?: string
  kind: FieldKind
  schema: z.ZodType
  options?: readonly Option[]
  /** Cannot be emptied once set. */
  required?: boolean
  /** A day that cannot be after today (a birth, a form filled in): the schema refuses a later one. */
  past?: boolean
}

/** "Complément d'adresse 1" → "complement_d_adresse_1": how docs/demandes-portail.md derives payload names from the CSV headers. */
export function snakeKey(header: string): string {
  return header
    .normalize('NFD')
    .replace(/\p{M}/gu, '')
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '_')
    .replace(/^_+|_+$/g, '')
}

export function fieldByKey(fields: readonly FieldSpec[], key: string): FieldSpec | undefined {
  return fields.find((f) => f.key === key || f.aliases?.includes(key))
}
