import { join } from 'node:path'
import { BrowserWindow } from 'electron'

export interface WindowOptions {
  preloadPath: string
  iconPath: string
  /** app://marelle/index.html, or the dev server's address in development. */
  startUrl: string
  /** Off in packaged builds (see devtools.ts). */
  devTools: boolean
}

/** The main window, with every isolation the renderer can have. */
export function createMainWindow(options: WindowOptions): BrowserWindow {
  const window = new BrowserWindow({
    title: 'Marelle',
    icon: options.iconPath,
    width: 1366,
    height: 860,
    minWidth: 1024,
    minHeight: 680,
    show: false,
    backgroundColor: '#f8f9fa',
    webPreferences: {
      preload: options.preloadPath,
      contextIsolation: true,
      sandbox: true,
      nodeIntegration: false,
      nodeIntegrationInWorker: false,
      nodeIntegrationInSubFrames: false,
      webSecurity: true,
      allowRunningInsecureContent: false,
      webviewTag: false,
      navigateOnDragDrop: false,
      spellcheck: true,
      devTools: options.devTools,
    },
  })
  window.once('ready-to-show', () => window.show())
  void window.loadURL(options.startUrl)
  return window
}

export function rendererPaths(mainDir: string) {
  return {
    preloadPath: join(mainDir, '../preload/index.cjs'),
    rendererDir: join(mainDir, '../renderer'),
  }
}
