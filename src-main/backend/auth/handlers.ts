import type { authChannels } from '@shared/contract/auth'
import type { HandlersOf } from '../ipc/handler-types'
import { loadActor } from './actor'
import { changeOwnPassword, setupAdministrator, signIn, staffCount } from './service'

export const authHandlers = {
  'auth/status': async (ctx) => {
    const actor = ctx.session.staffId === null ? null : loadActor(ctx.sqlite, ctx.session.staffId)
    return {
      needsSetup: (await staffCount(ctx)) === 0,
      staff:
        actor && actor.staffId !== null
          ? { id: actor.staffId, login: actor.login, displayName: actor.displayName, role: actor.role }
          : null,
    }
  },
  'auth/setupAdmin': (ctx, input) => setupAdministrator(ctx, input),
  'auth/login': (ctx, input) => signIn(ctx, input.login, input.password),
  'auth/logout': async (ctx) => {
    ctx.session.staffId = null
    return null
  },
  'auth/changePassword': async (ctx, input) => {
    await changeOwnPassword(ctx, input.currentPassword, input.password)
    return null
  },
} satisfies HandlersOf<typeof authChannels>
