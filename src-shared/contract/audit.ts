import { CHILD_HEALTH_FIELDS } from '../fields/index'
import { z } from '../zod'
import { channel, type HealthReads } from './define'

export interface AuditChangeView {
  field: string
  label: string
  before: unknown
  after: unknown
}

export interface AuditEntryView {
  id: number
  at: string
  actor: string
  action: string
  /** French: "Modification", "Création", "Suppression", "Consultation des données de santé"… */
  actionLabel: string
  entityType: string
  /** French name of what changed: "Responsable", "Personne autorisée"… */
  entityLabel: string
  childId: number | null
  requestId: number | null
  requestRef: string | null
  changes: AuditChangeView[]
  note: string | null
}

const HEALTH_ENTITIES = new Set(['vaccination', 'health_condition'])
const HEALTH_FIELD_KEYS = new Set(CHILD_HEALTH_FIELDS.map((f) => f.key))

/** A history that shows changes of health data is a read of it, child by child. */
function historyReads(entries: AuditEntryView[]): HealthReads {
  const children = new Set<number>()
  for (const e of entries)
    if (
      e.childId !== null &&
      (HEALTH_ENTITIES.has(e.entityType) ||
        (e.entityType === 'child' && e.changes.some((c) => HEALTH_FIELD_KEYS.has(c.field))))
    )
      children.add(e.childId)
  return { children: [...children].map((childId) => ({ childId })) }
}

export const auditChannels = {
  'audit/list': channel(
    z
      .object({
        familyId: z.number().int().positive().optional(),
        childId: z.number().int().positive().optional(),
        /** Entries older than this id, for paging. */
        beforeId: z.number().int().positive().optional(),
        limit: z.number().int().min(1).max(500).default(100),
      })
      .strict()
      .refine((v) => v.familyId !== undefined || v.childId !== undefined, {
        message: 'indiquez une famille ou un enfant',
      }),
  ).returns<AuditEntryView[]>({ health: { where: 'historique des modifications', reads: historyReads } }),
}
