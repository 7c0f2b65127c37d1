import { createRequestInput } from '@shared/contract/requests'
import type { RequestKind } from '@shared/domain/requests'
import { KIND_SPECS } from '@shared/requests/kinds'
import { payloadSchema } from '@shared/requests/payload'
import { z } from '@shared/zod'

/**
 * The form's values as typed. Submitted values have gone through the schema:
 * trimmed, and an empty comment or day is null or absent.
 */
export interface NewRequestValues {
  channel: 'papier' | 'téléphone'
  family: string
  child: string
  kind: RequestKind
  receivedOn: string
  /** 'hh:mm', '' when not said: the request then shows its day alone. */
  receivedTime: string
  comment: string | null
  payload: Record<string, string | string[]>
}

/** Inputs left empty say nothing: for an update, "unchanged". */
export function filledPayload(payload: NewRequestValues['payload']): Record<string, string | string[]> {
  return Object.fromEntries(
    Object.entries(payload).filter(([, v]) =>
      Array.isArray(v) ? v.length > 0 : v !== undefined && v !== '',
    ),
  )
}

/** The form's schema for one kind: the contract's, with that kind's payload from the field catalogue. */
export function newRequestSchema(kind: RequestKind) {
  const spec = KIND_SPECS[kind]
  return createRequestInput.extend({
    payload: z.preprocess(
      (v) => filledPayload((v ?? {}) as NewRequestValues['payload']),
      payloadSchema(spec),
    ),
    child: z.preprocess(
      (v) => (v === '' ? undefined : v),
      spec.scope === 'child'
        ? z.string({ message: 'choisissez l’enfant concerné' }).describe('Enfant')
        : createRequestInput.shape.child,
    ),
    receivedOn: z.preprocess((v) => (v === '' ? undefined : v), createRequestInput.shape.receivedOn),
    receivedTime: z.preprocess((v) => (v === '' ? undefined : v), createRequestInput.shape.receivedTime),
  })
}
