import type { FieldValue } from '@shared/contract/records'
import { displayValue, type FieldSpec } from '@shared/fields/index'
import type { Control } from 'react-hook-form'

/** What the inputs hold: text for text-like kinds, booleans for flags, codes or null for lists and days. */
export type FormValues = Record<string, string | boolean | null>

/** A stored record → the form's initial values (phones and IBAN spaced as people read them). */
export function toFormValues(fields: readonly FieldSpec[], values: Record<string, FieldValue>): FormValues {
  const form: FormValues = {}
  for (const spec of fields) {
    const value = values[spec.key]
    if (spec.kind === 'flag') form[spec.key] = value === true
    else if (spec.kind === 'option' || spec.kind === 'day')
      form[spec.key] = value === null ? null : String(value ?? '') || null
    else if (value === null || value === undefined) form[spec.key] = ''
    else if (spec.kind === 'phone' || spec.kind === 'iban') form[spec.key] = displayValue(spec, value)
    else form[spec.key] = String(value)
  }
  return form
}

/** The fields whose parsed value differs from the stored one: what an update sends. */
export function changedValues(
  fields: readonly FieldSpec[],
  stored: Record<string, FieldValue>,
  parsed: Record<string, unknown>,
): Record<string, unknown> {
  const patch: Record<string, unknown> = {}
  for (const spec of fields) {
    const before = spec.kind === 'flag' ? stored[spec.key] === true : (stored[spec.key] ?? null)
    const after = parsed[spec.key] ?? (spec.kind === 'flag' ? false : null)
    if (after !== before) patch[spec.key] = after
  }
  return patch
}

/** The fields given a value: what a creation sends. */
export function filledValues(fields: readonly FieldSpec[], parsed: Record<string, unknown>) {
  const values: Record<string, unknown> = {}
  for (const spec of fields) {
    const value = parsed[spec.key]
    if (value !== null && value !== undefined && value !== '') values[spec.key] = value
  }
  return values
}

/** Server problems name fields as "patch.mobile" or "values.nom": the form knows them as "mobile", "nom". */
export function formPath(serverPath: string): string {
  return serverPath.replace(/^(patch|values)\./, '')
}

/** The form's control: inputs hold FormValues, a successful validation gives the parsed values. */
export type FormControl = Control<FormValues, unknown, Record<string, unknown>>
