import { authHandlers } from './auth/handlers'
import type { Handlers } from './ipc/handler-types'
import { searchHandlers } from './search/handlers'
import { staffHandlers } from './staff/handlers'
import { systemHandlers } from './system/handlers'

/** The whole handler map: what Electron's IPC, the web host, the CLI and the tests all call. */
export const handlers: Handlers = {
  ...authHandlers,
  ...staffHandlers,
  ...searchHandlers,
  ...systemHandlers,
}
