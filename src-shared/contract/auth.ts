import { ROLES, type Role } from '../roles'
import { displayNameSchema, loginNameSchema, newPasswordSchema } from '../validation/password'
import { z } from '../zod'
import { channel } from './define'

export interface SignedInStaff {
  id: number
  login: string
  displayName: string
  role: Role
  /** The password was given by an administrator: it must be changed before anything else. */
  mustChangePassword: boolean
}

export interface AuthStatus {
  /** True until the first administrator account exists. */
  needsSetup: boolean
  staff: SignedInStaff | null
  /** The window locked itself after inactivity: the password is asked again, the screen kept. */
  locked: boolean
  /** Minutes without activity after which the window locks itself (Paramètres). */
  lockMinutes: number
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

export const unlockInput = z
  .object({ password: z.string().min(1).max(200).describe('Mot de passe') })
  .strict()

export const changePasswordInput = confirmed({
  currentPassword: z.string().min(1).max(200).describe('Mot de passe actuel'),
})

export const authChannels = {
  'auth/status': channel(empty, { access: 'public' }).returns<AuthStatus>(),
  'auth/setupAdmin': channel(setupAdminInput, { access: 'public' }).returns<SignedInStaff>(),
  'auth/login': channel(loginInput, { access: 'public' }).returns<SignedInStaff>(),
  'auth/logout': channel(empty, { access: 'public' }).returns<null>(),
  'auth/changePassword': channel(changePasswordInput, { withProvisionalPassword: true }).returns<null>(),
  /** The window saw no activity for the set time: every channel but unlock is refused until then. */
  'auth/lock': channel(empty, { whileLocked: true, withProvisionalPassword: true }).returns<null>(),
  'auth/unlock': channel(unlockInput, {
    whileLocked: true,
    withProvisionalPassword: true,
  }).returns<SignedInStaff>(),
}

export const roleSchema = z.enum(ROLES).describe('Rôle')
