import { REQUEST_KINDS, type RequestKind } from '../domain/requests'
import {
  AUTHORIZED_PERSON_FIELDS,
  BANK_FIELDS,
  CAF_FIELDS,
  CHILD_IDENTITY_FIELDS,
  FISCAL_FIELDS,
  type FieldSpec,
  GUARDIAN_FIELDS,
  HEALTH_CONDITION_FIELDS,
  QUOTIENT_FIELDS,
  VACCINATION_FIELDS,
} from '../fields/index'

/**
 * What a request does to its target: change some fields of an existing
 * record, add a record, delete one, or touch the agenda (one item per date).
 */
export type RequestMode = 'update' | 'add' | 'delete' | 'agenda'

/** The record a request is about, which decides how it is applied. */
export type RequestTarget =
  | 'responsable'
  | 'conjoint'
  | 'family'
  | 'authorized_person'
  | 'vaccination'
  | 'health_condition'
  | 'agenda'
  | 'child'

/** One kind of request of docs/demandes-portail.md, described once for intake, review, forms and decisions. */
export interface KindSpec {
  kind: RequestKind
  label: string
  mode: RequestMode
  target: RequestTarget
  /** Child kinds name the child (Identifiant); family kinds only the family. */
  scope: 'family' | 'child'
  /** Fields the payload may carry (for update: the fields that change). */
  fields: readonly FieldSpec[]
  /** Fields that say which existing record is meant (nom + prénom of a person, type + libellé of a condition). */
  identity: readonly FieldSpec[]
  /** Always needs a person's eye: bank details, authorised persons, health (never validated in bulk). */
  needsReview: boolean
  /** Health data: reading and deciding need the role allowed to see health data. */
  health: boolean
}

const byKey = (fields: readonly FieldSpec[], keys: string[]) => fields.filter((f) => keys.includes(f.key))
const without = (fields: readonly FieldSpec[], keys: string[]) => fields.filter((f) => !keys.includes(f.key))

const PERSON_IDENTITY = byKey(AUTHORIZED_PERSON_FIELDS, ['nom', 'prenom'])
const CONDITION_IDENTITY = byKey(HEALTH_CONDITION_FIELDS, ['type', 'libelle'])

const DEPARTURE_FIELDS = byKey(CHILD_IDENTITY_FIELDS, ['date_de_depart'])

const label = (kind: RequestKind) => REQUEST_KINDS.find((k) => k.value === kind)?.label ?? kind

type Shape = Omit<KindSpec, 'kind' | 'label' | 'identity' | 'needsReview' | 'health'> &
  Partial<Pick<KindSpec, 'identity' | 'needsReview' | 'health'>>

const SHAPES: Record<RequestKind, Shape> = {
  'responsable.update': { mode: 'update', target: 'responsable', scope: 'family', fields: GUARDIAN_FIELDS },
  'conjoint.update': { mode: 'update', target: 'conjoint', scope: 'family', fields: GUARDIAN_FIELDS },
  'caf.update': {
    mode: 'update',
    target: 'family',
    scope: 'family',
    fields: [...CAF_FIELDS, ...QUOTIENT_FIELDS],
  },
  'fiscal.update': { mode: 'update', target: 'family', scope: 'family', fields: FISCAL_FIELDS },
  'bank.update': {
    mode: 'update',
    target: 'family',
    scope: 'family',
    fields: BANK_FIELDS,
    needsReview: true,
  },
  'authorized_person.add': {
    mode: 'add',
    target: 'authorized_person',
    scope: 'child',
    fields: AUTHORIZED_PERSON_FIELDS,
    needsReview: true,
  },
  'authorized_person.update': {
    mode: 'update',
    target: 'authorized_person',
    scope: 'child',
    fields: without(AUTHORIZED_PERSON_FIELDS, ['nom', 'prenom']),
    identity: PERSON_IDENTITY,
    needsReview: true,
  },
  'authorized_person.delete': {
    mode: 'delete',
    target: 'authorized_person',
    scope: 'child',
    fields: AUTHORIZED_PERSON_FIELDS,
    identity: PERSON_IDENTITY,
    needsReview: true,
  },
  'vaccination.add': {
    mode: 'add',
    target: 'vaccination',
    scope: 'child',
    fields: VACCINATION_FIELDS,
    needsReview: true,
    health: true,
  },
  'health.add': {
    mode: 'add',
    target: 'health_condition',
    scope: 'child',
    fields: HEALTH_CONDITION_FIELDS,
    needsReview: true,
    health: true,
  },
  'health.update': {
    mode: 'update',
    target: 'health_condition',
    scope: 'child',
    fields: without(HEALTH_CONDITION_FIELDS, ['type', 'libelle']),
    identity: CONDITION_IDENTITY,
    needsReview: true,
    health: true,
  },
  'health.delete': {
    mode: 'delete',
    target: 'health_condition',
    scope: 'child',
    fields: HEALTH_CONDITION_FIELDS,
    identity: CONDITION_IDENTITY,
    needsReview: true,
    health: true,
  },
  'reservation.add': { mode: 'agenda', target: 'agenda', scope: 'child', fields: [] },
  'reservation.cancel': { mode: 'agenda', target: 'agenda', scope: 'child', fields: [] },
  'absence.declare': { mode: 'agenda', target: 'agenda', scope: 'child', fields: [] },
  // The family says when the child leaves (docs/depart-et-archivage.md): it ends the enrolments
  // and may archive the family, so a person looks at it (never validated in bulk).
  'departure.declare': {
    mode: 'update',
    target: 'child',
    scope: 'child',
    fields: DEPARTURE_FIELDS,
    needsReview: true,
  },
}

export const KIND_SPECS: Record<RequestKind, KindSpec> = Object.fromEntries(
  (Object.entries(SHAPES) as [RequestKind, Shape][]).map(([kind, shape]) => [
    kind,
    { identity: [], needsReview: false, health: false, ...shape, kind, label: label(kind) },
  ]),
) as Record<RequestKind, KindSpec>

export function isRequestKind(value: unknown): value is RequestKind {
  return typeof value === 'string' && Object.hasOwn(KIND_SPECS, value)
}

export function kindSpec(kind: string): KindSpec | null {
  return isRequestKind(kind) ? KIND_SPECS[kind] : null
}

/** Every field a payload of this kind may name: identity first, then the others. */
export function payloadFields(spec: KindSpec): FieldSpec[] {
  const identityKeys = spec.identity.map((f) => f.key)
  return [...spec.identity, ...spec.fields.filter((f) => !identityKeys.includes(f.key))]
}
