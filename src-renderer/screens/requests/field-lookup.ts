import type { FieldSpec } from '@shared/fields/index'
import { type KindSpec, kindSpec, payloadFields } from '@shared/requests/kinds'

/** The catalogue's description of one line of a request (undefined for the agenda's days). */
export function lineField(kind: string, field: string): FieldSpec | undefined {
  const spec = kindSpec(kind)
  return spec ? payloadFields(spec).find((f) => f.key === field) : undefined
}

export function specOrThrow(kind: string): KindSpec {
  const spec = kindSpec(kind)
  if (!spec) throw new Error(`Type de demande inconnu : ${kind}`)
  return spec
}
