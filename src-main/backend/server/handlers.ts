import type { serverChannels } from '@shared/contract/server'
import type { HandlersOf } from '../ipc/handler-types'
import { clearServer, forgetServerPassword, saveServer, serverState } from './service'
import { testServer } from './test-connection'

export const serverHandlers = {
  'server/get': async (ctx) => serverState(ctx),
  'server/save': (ctx, input) => saveServer(ctx, input),
  'server/forgetPassword': (ctx) => forgetServerPassword(ctx),
  'server/clear': (ctx) => clearServer(ctx),
  'server/test': (ctx, input) => testServer(ctx, input),
} satisfies HandlersOf<typeof serverChannels>
