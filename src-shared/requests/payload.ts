import { createSchema, type FieldSpec } from '../fields/index'
import { requiredDay, requiredText, text } from '../validation/values'
import { z } from '../zod'
import type { KindSpec } from './kinds'

type Shape = Record<string, z.ZodType>

function shapeOf(fields: readonly FieldSpec[], required: (f: FieldSpec) => boolean): Shape {
  const shape: Shape = {}
  for (const f of fields) shape[f.key] = required(f) ? f.schema : f.schema.optional()
  return shape
}

/** The agenda kinds' text fields, described like the catalogue's (forms build their inputs from them). */
export const SERVICE_FIELD: FieldSpec = {
  key: 'service',
  column: 'service',
  label: 'Service',
  kind: 'text',
  required: true,
  schema: requiredText('Service', 100),
}
export const MOTIF_FIELD: FieldSpec = {
  key: 'motif',
  column: 'motif',
  label: 'Motif',
  kind: 'text',
  schema: text('Motif', 200),
}

/** Reservation, cancellation, absence: a service (name or code), days, and for an absence a motif. */
export function agendaPayloadSchema(withMotif: boolean) {
  return z
    .object({
      service: SERVICE_FIELD.schema,
      dates: z
        .array(requiredDay('Date'))
        .min(1)
        .max(366)
        .transform((days) => [...new Set(days)].sort())
        .describe('Dates'),
      ...(withMotif ? { motif: MOTIF_FIELD.schema.optional() } : {}),
    })
    .strict()
    .describe('Contenu')
}

/**
 * The payload of one kind, validated with the field catalogue: an update
 * names who (if needed) and at least one field that changes; an addition
 * carries the record with its required fields; a deletion names who.
 */
export function payloadSchema(spec: KindSpec): z.ZodType {
  // Building a schema costs far more than using it: one per kind, built once.
  let schema = built.get(spec.kind)
  if (!schema) {
    schema = buildPayloadSchema(spec)
    built.set(spec.kind, schema)
  }
  return schema
}

const built = new Map<string, z.ZodType>()

function buildPayloadSchema(spec: KindSpec): z.ZodType {
  const identityKeys = new Set(spec.identity.map((f) => f.key))
  switch (spec.mode) {
    case 'agenda':
      return agendaPayloadSchema(spec.kind === 'absence.declare')
    case 'add':
      return createSchema(spec.fields).describe('Contenu')
    case 'delete':
      return z
        .object(shapeOf(spec.fields, (f) => identityKeys.has(f.key) && f.required === true))
        .strict()
        .describe('Contenu')
    case 'update': {
      const changeKeys = spec.fields.map((f) => f.key).filter((k) => !identityKeys.has(k))
      return z
        .object({
          ...shapeOf(spec.identity, (f) => f.required === true),
          ...shapeOf(
            spec.fields.filter((f) => !identityKeys.has(f.key)),
            () => false,
          ),
        })
        .strict()
        .refine((v) => changeKeys.some((k) => (v as Record<string, unknown>)[k] !== undefined), {
          message: 'aucun champ à modifier',
        })
        .describe('Contenu')
    }
  }
}
