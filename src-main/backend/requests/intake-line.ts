import { type FieldSpec, renameAliases } from '@shared/fields/index'
import { type KindSpec, kindSpec, payloadFields } from '@shared/requests/kinds'
import { payloadSchema } from '@shared/requests/payload'
import { formatIssues } from '@shared/validation/format-issues'
import { identifier, instant, text } from '@shared/validation/values'
import { z } from '@shared/zod'
import type { FieldValues } from '../records/values'

/** One request read from a line of the portal's file (or typed by staff), checked but not yet placed. */
export interface ParsedRequest {
  ref: string
  /** As the portal wrote it, with its offset. */
  submittedAt: string
  submittedAtUtc: string
  familyNumber: string
  childIdentifier: string | null
  spec: KindSpec
  /** The payload as received, kept for the record. */
  payload: Record<string, unknown>
  /** The payload in stored form (validated by the field catalogue). */
  values: FieldValues
  /** What the family was shown, field by field, in stored form where it parses. */
  seen: FieldValues | null
  /** `seen` as received, kept for the record. */
  seenRaw: Record<string, unknown> | null
  comment: string | null
}

export type LineResult = { ok: true; request: ParsedRequest } | { ok: false; reason: string }

/** ISO 8601 with an offset ("2017-07-03T10:12:00+02:00"): the instant is unambiguous; bounds in src-shared/validation/dates.ts. */
const submittedAt = instant('Date d’envoi')

const plainObject = (label: string) =>
  z.record(z.string(), z.unknown(), { message: 'objet JSON attendu' }).describe(label)

export const envelopeSchema = z
  .object({
    ref: z
      .string()
      .trim()
      .min(1)
      .max(64)
      .regex(/^[\w.:/-]+$/, 'lettres, chiffres et - _ . : / seulement')
      .describe('Référence'),
    submitted_at: submittedAt,
    family: identifier('N° famille'),
    child: identifier('Identifiant enfant').nullish(),
    kind: z.string().describe('Type de demande'),
    payload: plainObject('Contenu'),
    seen: plainObject('Vu par la famille').nullish(),
    comment: text('Commentaire', 2000).optional(),
  })
  .strict()
  .describe('Ligne')

type Envelope = z.output<typeof envelopeSchema>

/** The first problem of each field, joined: one clear reason per field is enough to fix a line. */
function problems(error: z.core.$ZodError, root: z.ZodType): string {
  const byPath = new Map<string, string>()
  for (const p of formatIssues(error, root)) if (!byPath.has(p.path)) byPath.set(p.path, p.message)
  return [...byPath.values()].join(' ; ')
}

/** A value the family saw, in stored form when it parses (else as given: it is only compared and shown). */
function seenValue(spec: FieldSpec, raw: unknown): unknown {
  if (raw === null || raw === undefined || (typeof raw === 'string' && raw.trim() === '')) return null
  const parsed = spec.schema.safeParse(raw)
  return parsed.success ? parsed.data : typeof raw === 'string' ? raw.trim() : raw
}

function parseSeen(fields: FieldSpec[], raw: Record<string, unknown>): FieldValues | string {
  const seen: FieldValues = {}
  const unknown: string[] = []
  for (const [key, value] of Object.entries(renameAliases(fields, raw))) {
    const spec = fields.find((f) => f.key === key)
    if (spec) seen[key] = seenValue(spec, value)
    else unknown.push(key)
  }
  return unknown.length > 0
    ? `Vu par la famille : champ${unknown.length > 1 ? 's' : ''} inconnu${unknown.length > 1 ? 's' : ''} : ${unknown.join(', ')}`
    : seen
}

/** Checks the payload and `seen` of an envelope against its kind; French reason on failure. */
export function parseEnvelope(envelope: Envelope): LineResult {
  const spec = kindSpec(envelope.kind)
  if (!spec) return { ok: false, reason: `Type de demande : type inconnu « ${envelope.kind} »` }
  if (spec.scope === 'child' && !envelope.child)
    return { ok: false, reason: `Identifiant enfant : obligatoire pour une demande « ${spec.label} »` }
  const fields = payloadFields(spec)
  const schema = payloadSchema(spec)
  const payload = schema.safeParse(renameAliases(fields, envelope.payload))
  if (!payload.success) return { ok: false, reason: problems(payload.error, schema) }
  const seen = envelope.seen ? parseSeen(fields, envelope.seen) : null
  if (typeof seen === 'string') return { ok: false, reason: seen }
  return {
    ok: true,
    request: {
      ref: envelope.ref,
      submittedAt: envelope.submitted_at,
      submittedAtUtc: new Date(envelope.submitted_at).toISOString(),
      familyNumber: envelope.family,
      childIdentifier: envelope.child ?? null,
      spec,
      payload: envelope.payload,
      values: payload.data as FieldValues,
      seen,
      seenRaw: envelope.seen ?? null,
      comment: envelope.comment ?? null,
    },
  }
}

/** One line of a JSON Lines file: JSON, envelope, kind, payload. Family and child are checked later, in the database. */
export function parseLine(line: string): LineResult {
  let json: unknown
  try {
    json = JSON.parse(line)
  } catch {
    return { ok: false, reason: 'JSON invalide : la ligne n’est pas un objet JSON lisible' }
  }
  if (typeof json !== 'object' || json === null || Array.isArray(json))
    return { ok: false, reason: 'JSON invalide : un objet { … } est attendu sur chaque ligne' }
  const envelope = envelopeSchema.safeParse(json)
  if (!envelope.success) return { ok: false, reason: problems(envelope.error, envelopeSchema) }
  return parseEnvelope(envelope.data)
}
