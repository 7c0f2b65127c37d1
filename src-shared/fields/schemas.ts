import { z } from '../zod'
import type { FieldSpec } from './spec'

type Shape = Record<string, z.ZodType>

/** Input of an update: any subset of the fields, each validated; unknown names refused. */
export function patchSchema(fields: readonly FieldSpec[]) {
  const shape: Shape = {}
  for (const f of fields) shape[f.key] = f.schema.optional()
  return z.object(shape).strict().describe('Champs')
}

/** Input of a creation: required fields must be there, the others may be. */
export function createSchema(fields: readonly FieldSpec[]) {
  const shape: Shape = {}
  for (const f of fields) shape[f.key] = f.required ? f.schema : f.schema.optional()
  return z.object(shape).strict().describe('Champs')
}

/** Accepts aliases ("date_de_rappel") by renaming them to their key before validation. */
export function renameAliases(
  fields: readonly FieldSpec[],
  input: Record<string, unknown>,
): Record<string, unknown> {
  const out: Record<string, unknown> = {}
  for (const [name, value] of Object.entries(input)) {
    const spec = fields.find((f) => f.aliases?.includes(name))
    out[spec ? spec.key : name] = value
  }
  return out
}
