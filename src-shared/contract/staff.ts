import type { Role } from '../roles'
import { displayNameSchema, loginNameSchema, newPasswordSchema } from '../validation/password'
import { z } from '../zod'
import { roleSchema } from './auth'
import { channel } from './define'

export interface StaffAccount {
  id: number
  login: string
  displayName: string
  role: Role
  active: boolean
  locked: boolean
  /** Still holds the provisional password an administrator gave. */
  mustChangePassword: boolean
  lastLoginAt: string | null
  createdAt: string
  version: number
}

const id = z.number().int().positive().describe('Compte')

export const createStaffInput = z
  .object({
    login: loginNameSchema,
    displayName: displayNameSchema,
    role: roleSchema,
    password: newPasswordSchema,
    /** The holder must replace this password at first sign-in (the usual case). */
    provisional: z.boolean().describe('Mot de passe provisoire').default(true),
  })
  .strict()

export const updateStaffInput = z
  .object({
    id,
    version: z.number().int().positive(),
    displayName: displayNameSchema.optional(),
    role: roleSchema.optional(),
    active: z.boolean().describe('Actif').optional(),
    unlock: z.boolean().optional(),
  })
  .strict()

export const resetPasswordInput = z.object({ id, password: newPasswordSchema }).strict()

export const staffChannels = {
  'staff/list': channel(z.object({}).strict(), { access: 'administrateur' }).returns<StaffAccount[]>(),
  'staff/create': channel(createStaffInput, { access: 'administrateur' }).returns<StaffAccount>(),
  'staff/update': channel(updateStaffInput, { access: 'administrateur' }).returns<StaffAccount>(),
  'staff/resetPassword': channel(resetPasswordInput, { access: 'administrateur' }).returns<StaffAccount>(),
}
