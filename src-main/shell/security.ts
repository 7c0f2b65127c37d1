import { app, session, shell, type WebContents } from 'electron'
import { isTrustedUrl } from './ipc'

/** Opens a link in the user's browser only when it parses as http(s). */
export function openExternalSafely(url: string): void {
  try {
    const parsed = new URL(url)
    if (parsed.protocol === 'https:' || parsed.protocol === 'http:')
      void shell.openExternal(parsed.toString())
  } catch {
    // Not a URL: ignore.
  }
}

/**
 * Electron's security checklist for every web contents the app creates:
 * no navigation away from the app, no new windows (http links go to the
 * browser), no webviews, no permission granted (camera, notifications…).
 */
export function hardenApp(devOrigin: string | null): void {
  session.defaultSession.setPermissionRequestHandler((_wc, _permission, callback) => callback(false))
  session.defaultSession.setPermissionCheckHandler(() => false)
  session.defaultSession.setDevicePermissionHandler(() => false)

  app.on('web-contents-created', (_event, contents: WebContents) => {
    contents.on('will-navigate', (event, url) => {
      if (!isTrustedUrl(url, devOrigin)) event.preventDefault()
    })
    contents.on('will-redirect', (event, url) => {
      if (!isTrustedUrl(url, devOrigin)) event.preventDefault()
    })
    contents.on('will-attach-webview', (event) => event.preventDefault())
    contents.setWindowOpenHandler(({ url }) => {
      openExternalSafely(url)
      return { action: 'deny' }
    })
  })
}
