import type { serverChannels } from '@shared/contract/server'
import type { HandlersOf } from '../ipc/handler-types'
import { clearServer, forgetServerPassword, saveServer, serverState } from './service'
import { openStartupState } from './startup'
import { testServer } from './test-connection'

export const serverHandlers = {
  'server/get': async (ctx) => serverState(ctx),
  'server/save': (ctx, input) => saveServer(ctx, input),
  'server/forgetPassword': (ctx) => forgetServerPassword(ctx),
  'server/clear': (ctx) => clearServer(ctx),
  'server/test': (ctx, input) => testServer(ctx, input),
  // Where no start-up gate stands (web host, command line) the back-end is open as started;
  // the desktop's gate (startup.ts) answers these itself.
  'server/startupState': async (ctx) => openStartupState(ctx),
  'server/startupRetry': async (ctx) => openStartupState(ctx),
  'server/startupUseLocal': async (ctx) => openStartupState(ctx),
} satisfies HandlersOf<typeof serverChannels>
