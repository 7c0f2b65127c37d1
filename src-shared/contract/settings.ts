import { ROLES, type Role } from '../roles'
import { z } from '../zod'
import { channel } from './define'

export interface AppSettings {
  healthRoles: Role[]
  /** Roles that see families' bank details (IBAN, BIC, mandate) and tax figures. */
  financeRoles: Role[]
  retentionYears: number
  /** Minutes without activity before the window locks itself. */
  lockMinutes: number
}

export const LOCK_MINUTES_RANGE = { min: 1, max: 120 } as const

export const settingsChannels = {
  'settings/get': channel(z.object({}).strict()).returns<AppSettings>(),
  'settings/update': channel(
    z
      .object({
        healthRoles: z.array(z.enum(ROLES)).describe('Rôles qui voient les données de santé').optional(),
        financeRoles: z
          .array(z.enum(ROLES))
          .describe('Rôles qui voient les coordonnées bancaires et les données fiscales')
          .optional(),
        retentionYears: z.number().int().min(1).max(3).describe('Durée de conservation (années)').optional(),
        lockMinutes: z
          .number()
          .int()
          .min(LOCK_MINUTES_RANGE.min)
          .max(LOCK_MINUTES_RANGE.max)
          .describe('Verrouillage après inactivité (minutes)')
          .optional(),
      })
      .strict(),
    { access: 'administrateur' },
  ).returns<AppSettings>(),
}
