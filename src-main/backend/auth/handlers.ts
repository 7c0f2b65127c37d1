import type { authChannels } from '@shared/contract/auth'
import type { HandlersOf } from '../ipc/handler-types'
import { getSetting } from '../settings/service'
import { loadSignedIn } from './actor'
import {
  changeOwnPassword,
  recordSessionLock,
  setupAdministrator,
  signIn,
  signOut,
  staffCount,
} from './service'
import { isSessionLocked, lockSession } from './session-state'

export const authHandlers = {
  'auth/status': async (ctx) => {
    const signed = ctx.session.staffId === null ? null : await loadSignedIn(ctx.db, ctx.session.staffId)
    const actor = signed?.actor
    return {
      needsSetup: (await staffCount(ctx)) === 0,
      staff:
        actor && actor.staffId !== null
          ? {
              id: actor.staffId,
              login: actor.login,
              displayName: actor.displayName,
              role: actor.role,
              mustChangePassword: signed.mustChangePassword,
            }
          : null,
      locked: actor ? isSessionLocked(ctx.session) : false,
      lockMinutes: await getSetting(ctx.db, 'session.lockMinutes'),
    }
  },
  'auth/setupAdmin': (ctx, input) => setupAdministrator(ctx, input),
  'auth/login': (ctx, input) => signIn(ctx, input.login, input.password),
  'auth/logout': async (ctx) => {
    await signOut(ctx)
    return null
  },
  'auth/changePassword': async (ctx, input) => {
    await changeOwnPassword(ctx, input.currentPassword, input.password)
    return null
  },
  'auth/lock': async (ctx) => {
    if (!isSessionLocked(ctx.session)) {
      lockSession(ctx.session)
      await recordSessionLock(ctx, await getSetting(ctx.db, 'session.lockMinutes'))
    }
    return null
  },
  // The same check, counter and lockout as the sign-in screen, for the account already signed in.
  'auth/unlock': (ctx, input) => signIn(ctx, ctx.actor.login, input.password),
} satisfies HandlersOf<typeof authChannels>
