// Registers every channel of the contract on Electron's IPC through one
// helper. Only type imports from electron, so that it runs in Node tests.

import { CHANNEL_NAMES } from '@shared/contract/index'
import type { Envelope } from '@shared/errors'
import type { IpcMainInvokeEvent, WebContents } from 'electron'
import type { Session } from '../backend/context'
import type { Dispatch } from '../backend/ipc/dispatch'

export interface IpcMainLike {
  handle(channel: string, listener: (event: IpcMainInvokeEvent, input: unknown) => Promise<unknown>): void
}

export const APP_ORIGIN = 'app://marelle'

/** True when `url` belongs to the app's own pages: app://marelle, or the dev server in development. */
export function isTrustedUrl(url: string, devOrigin: string | null): boolean {
  let origin: string
  try {
    const parsed = new URL(url)
    origin = parsed.protocol === 'app:' ? `app://${parsed.host}` : parsed.origin
  } catch {
    return false
  }
  return origin === APP_ORIGIN || (devOrigin !== null && origin === devOrigin)
}

const BAD_SENDER: Envelope<never> = {
  ok: false,
  error: { code: 'BAD_SENDER', message: 'Appel refusé : il ne vient pas de la fenêtre de Marelle.' },
}

/** One sign-in state per window (web contents), forgotten when the window goes. */
export function sessionsByWebContents(): (sender: WebContents) => Session {
  const sessions = new Map<number, Session>()
  return (sender) => {
    let session = sessions.get(sender.id)
    if (!session) {
      session = { staffId: null }
      sessions.set(sender.id, session)
      sender.once('destroyed', () => sessions.delete(sender.id))
    }
    return session
  }
}

/**
 * Every call is checked before it reaches the dispatcher: it must come from
 * the top frame of one of the app's own pages (not an iframe, not a page the
 * window was navigated to), then its input is parsed by the channel's schema.
 */
export function registerContract(
  ipcMain: IpcMainLike,
  dispatch: Dispatch,
  options: { devOrigin: string | null; sessionFor: (sender: WebContents) => Session },
): void {
  for (const name of CHANNEL_NAMES) {
    ipcMain.handle(name, async (event, input) => {
      const frame = event.senderFrame
      if (!frame || frame.parent !== null || !isTrustedUrl(frame.url, options.devOrigin)) return BAD_SENDER
      return dispatch(name, input, options.sessionFor(event.sender))
    })
  }
}
