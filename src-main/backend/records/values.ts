import type { FieldSpec } from '@shared/fields/index'

/** A record's fields by their name in docs/demandes-portail.md: strings, numbers, booleans or null. */
export type FieldValues = Record<string, unknown>

/** Value as the database keeps it: booleans become 0/1. */
export function toStored(spec: FieldSpec, value: unknown): unknown {
  if (spec.kind === 'flag') return value === null || value === undefined ? 0 : value ? 1 : 0
  return value === undefined ? null : value
}

/** Value as the rest of the application sees it: 0/1 becomes a boolean. */
export function fromStored(spec: FieldSpec, raw: unknown): unknown {
  if (spec.kind === 'flag') return raw === 1 || raw === true
  return raw ?? null
}

export function rowToValues(fields: readonly FieldSpec[], row: Record<string, unknown>): FieldValues {
  const values: FieldValues = {}
  for (const spec of fields) values[spec.key] = fromStored(spec, row[spec.column])
  return values
}

export function valuesToColumns(fields: readonly FieldSpec[], values: FieldValues): Record<string, unknown> {
  const columns: Record<string, unknown> = {}
  for (const spec of fields) if (spec.key in values) columns[spec.column] = toStored(spec, values[spec.key])
  return columns
}
