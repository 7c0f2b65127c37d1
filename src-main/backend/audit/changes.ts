import type { FieldSpec } from '@shared/fields/index'
import { ENTITIES } from '../records/entities'
import type { FieldChange } from './service'

// A creation entry stores only the values given, as {key: value}: a city's
// first CSV import writes a million of them, and the labels and "before:
// null" of the long form were two thirds of their size. Readers get the long
// form back, with the labels of the field catalogue.

/** Identifiers kept in their own columns, shown first in a creation entry. */
const IDENTIFIERS: Record<string, { key: string; label: string }> = {
  family: { key: 'number', label: 'N° famille' },
  child: { key: 'identifiant', label: 'Identifiant' },
}

const FIELDS = new Map(ENTITIES.map((e) => [e.type, e.fields]))

function fieldsOf(entityType: string): readonly FieldSpec[] {
  return FIELDS.get(entityType) ?? []
}

/** The compact changes of a record's creation: its identifier, then every field given a value. */
export function creationValues(
  entityType: string,
  values: Record<string, unknown>,
  identifier?: unknown,
): string {
  const out: Record<string, unknown> = {}
  const head = IDENTIFIERS[entityType]
  if (head && identifier !== undefined) out[head.key] = identifier
  for (const spec of fieldsOf(entityType)) {
    const value = values[spec.key]
    if (value !== undefined && value !== null && value !== '' && value !== false) out[spec.key] = value
  }
  return JSON.stringify(out)
}

/** Reads the `changes` column in either form. */
export function parseChanges(entityType: string, text: string | null): FieldChange[] {
  if (!text) return []
  const parsed = JSON.parse(text) as FieldChange[] | Record<string, unknown>
  if (Array.isArray(parsed)) return parsed
  const fields = fieldsOf(entityType)
  const head = IDENTIFIERS[entityType]
  return Object.entries(parsed).map(([field, after]) => ({
    field,
    label: field === head?.key ? head.label : (fields.find((f) => f.key === field)?.label ?? field),
    before: null,
    after,
  }))
}
