import { ROLES, type Role } from '../roles'
import { displayNameSchema, loginNameSchema, newPasswordSchema } from '../validation/password'
import { z } from '../zod'
import { channel } from './define'

export interface SignedInStaff {
  id: number
  login: string
  displayName: string
  role: Role
}

export interface AuthStatus {
  /** True until the first administrator account exists. */
  needsSetup: boolean
  staff: SignedInStaff | null
}

const empty = z.object({}).strict()

const samePasswords = (v: { password: string; passwordConfirm: string }) => v.password === v.passwordConfirm

const confirmed = <T extends z.ZodRawShape>(shape: T) =>
  z
    .object({ ...shape, password: newPasswordSchema, passwordConfirm: z.string().describe('Confirmation') })
    .strict()
    .refine((v) => samePasswords(v as never), {
      path: ['passwordConfirm'],
      message: 'les deux mots de passe diffèrent',
    })

export const setupAdminInput = confirmed({ login: loginNameSchema, displayName: displayNameSchema })

export const loginInput = z
  .object({
    login: z.string().trim().min(1).max(64).describe('Identifiant'),
    password: z.string().min(1).max(200).describe('Mot de passe'),
  })
  .strict()

export const changePasswordInput = confirmed({
  currentPassword: z.string().min(1).max(200).describe('Mot de passe actuel'),
})

export const authChannels = {
  'auth/status': channel(empty, { access: 'public' }).returns<AuthStatus>(),
  'auth/setupAdmin': channel(setupAdminInput, { access: 'public' }).returns<SignedInStaff>(),
  'auth/login': channel(loginInput, { access: 'public' }).returns<SignedInStaff>(),
  'auth/logout': channel(empty, { access: 'public' }).returns<null>(),
  'auth/changePassword': channel(changePasswordInput).returns<null>(),
}

export const roleSchema = z.enum(ROLES).describe('Rôle')
