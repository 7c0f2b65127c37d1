import { ROLES, type Role } from '../roles'
import { z } from '../zod'
import { channel } from './define'

export interface AppSettings {
  healthRoles: Role[]
  retentionYears: number
}

export const settingsChannels = {
  'settings/get': channel(z.object({}).strict()).returns<AppSettings>(),
  'settings/update': channel(
    z
      .object({
        healthRoles: z.array(z.enum(ROLES)).describe('Rôles qui voient les données de santé').optional(),
        retentionYears: z.number().int().min(1).max(3).describe('Durée de conservation (années)').optional(),
      })
      .strict(),
    { access: 'administrateur' },
  ).returns<AppSettings>(),
}
