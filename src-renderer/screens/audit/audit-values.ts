import type { AuditChangeView } from '@shared/contract/audit'
import {
  AUTHORIZED_PERSON_FIELDS,
  CHILD_FIELDS,
  displayValue,
  FAMILY_FIELDS,
  type FieldSpec,
  fieldByKey,
  GUARDIAN_FIELDS,
  HEALTH_CONDITION_FIELDS,
  QUOTIENT_FIELDS,
  VACCINATION_FIELDS,
} from '@shared/fields/index'
import { formatInstant } from '@shared/format/date'

const FIELDS_OF: Record<string, readonly FieldSpec[]> = {
  family: FAMILY_FIELDS,
  family_quotient: QUOTIENT_FIELDS,
  guardian: GUARDIAN_FIELDS,
  child: CHILD_FIELDS,
  authorized_person: AUTHORIZED_PERSON_FIELDS,
  vaccination: VACCINATION_FIELDS,
  health_condition: HEALTH_CONDITION_FIELDS,
}

const ISO_INSTANT = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}/

/** A before or after value of the audit log as staff read it ("(vide)" when there was none). */
export function auditValue(entityType: string, change: AuditChangeView, value: unknown): string {
  if (value === null || value === undefined || value === '') return '(vide)'
  const spec = fieldByKey(FIELDS_OF[entityType] ?? [], change.field)
  if (spec) return displayValue(spec, value) || '(vide)'
  if (typeof value === 'string' && ISO_INSTANT.test(value)) return formatInstant(value)
  if (typeof value === 'boolean') return value ? 'Oui' : 'Non'
  return Array.isArray(value) ? value.join(', ') : String(value)
}
