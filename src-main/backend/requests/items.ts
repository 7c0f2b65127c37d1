import { looseKey } from '@shared/domain/options'
import type { KindSpec } from '@shared/requests/kinds'
import type { FieldValues } from '../records/values'

/** A line of a request as request_items keeps it: values are JSON text (null = not given). */
export interface ItemDraft {
  position: number
  field: string
  seen_value: string | null
  requested_value: string | null
}

/** Stored form of a value in request_items: JSON, so that null, "", numbers and booleans survive. */
export const encodeValue = (value: unknown): string => JSON.stringify(value ?? null)

export function decodeValue(text: string | null): unknown {
  return text === null ? undefined : JSON.parse(text)
}

/**
 * The lines staff decide on: one per field that changes (update), one per
 * field of the record (add, delete), one per day (agenda).
 */
export function buildItems(spec: KindSpec, values: FieldValues, seen: FieldValues | null): ItemDraft[] {
  if (spec.mode === 'agenda') {
    const service = encodeValue(values.service)
    return (values.dates as string[]).map((day, position) => ({
      position,
      field: day,
      seen_value: null,
      requested_value: service,
    }))
  }
  const identity = new Set(spec.identity.map((f) => f.key))
  const fields =
    spec.mode === 'update'
      ? spec.fields.filter((f) => !identity.has(f.key))
      : [...spec.identity, ...spec.fields.filter((f) => !identity.has(f.key))]
  return fields
    .filter((f) => values[f.key] !== undefined)
    .map((f, position) => ({
      position,
      field: f.key,
      seen_value: seen && f.key in seen ? encodeValue(seen[f.key]) : null,
      requested_value: encodeValue(values[f.key]),
    }))
}

/**
 * What a request is about, as one string: two pending requests with the
 * same subject may replace one another (see replacement.ts).
 */
export function subjectOf(
  spec: KindSpec,
  familyId: number,
  childId: number | null,
  values: FieldValues,
): string {
  const key = (v: unknown) => looseKey(String(v ?? ''))
  switch (spec.target) {
    case 'responsable':
    case 'conjoint':
      return `f${familyId}:${spec.target}`
    case 'family':
      return `f${familyId}:family`
    case 'authorized_person':
      return `c${childId}:person:${key(values.nom)}|${key(values.prenom)}`
    case 'vaccination':
      return `c${childId}:vaccination:${key(values.vaccin)}|${values.date}`
    case 'health_condition':
      return `c${childId}:health:${values.type}|${key(values.libelle)}`
    case 'agenda':
      return `c${childId}:agenda:${key(values.service)}`
    case 'child':
      return `c${childId}:child`
  }
}
