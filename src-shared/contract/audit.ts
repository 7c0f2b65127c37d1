import { z } from '../zod'
import { channel } from './define'

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
  ).returns<AuditEntryView[]>(),
}
