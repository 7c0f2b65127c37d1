// Electron entry point: the desktop shell around the back-end. Everything
// here may import electron; nothing below src-main/backend does.
import { dirname, join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { app, BrowserWindow, dialog, ipcMain, safeStorage } from 'electron'
import log from 'electron-log/main'
import { runDailyBackup } from '../backend/db/daily'
import { startKeyedBackend } from '../backend/encryption/unlock'
import { AppError } from '../backend/errors'
import { type StartupGate, startDesktopBackend } from '../backend/server/startup'
import { devToolsAllowed } from './devtools'
import { desktopFiles } from './dialogs'
import { registerContract, sessionsByWebContents } from './ipc'
import { safeStorageKeyStore } from './key-store-safe-storage'
import { installMenu } from './menu'
import { electronNativeBinding } from './native-binding'
import { desktopPaths } from './paths'
import { declareAppScheme, serveRenderer } from './protocol'
import { safeStorageSecretStore } from './secret-store-safe-storage'
import { hardenApp } from './security'
import { createMainWindow, rendererPaths } from './window'

declareAppScheme()

const mainDir = dirname(fileURLToPath(import.meta.url))

const devUrl = !app.isPackaged ? (process.env.ELECTRON_RENDERER_URL ?? null) : null
const devOrigin = devUrl ? new URL(devUrl).origin : null
let mainWindow: BrowserWindow | null = null
let backend: StartupGate | null = null

function openWindow(): void {
  const { preloadPath } = rendererPaths(mainDir)
  mainWindow = createMainWindow({
    preloadPath,
    iconPath: join(app.getAppPath(), 'resources', 'icon.png'),
    startUrl: devUrl ?? 'app://marelle/index.html',
    devTools: devToolsAllowed(app.isPackaged, process.env),
  })
  mainWindow.on('closed', () => {
    mainWindow = null
  })
}

/** The key kept with safeStorage; on Linux (development only) its fixed-password mode when asked for. */
function desktopKeyStore(dataDir: string) {
  const linuxBasicText = process.platform === 'linux' && process.env.MARELLE_LINUX_BASIC_TEXT_KEY === '1'
  if (linuxBasicText) safeStorage.setUsePlainTextEncryption(true)
  return safeStorageKeyStore(dataDir, safeStorage, { linuxBasicText })
}

/** The PostgreSQL server's password of Paramètres, kept with safeStorage like the key. */
function desktopSecretStore(dataDir: string) {
  const linuxBasicText = process.platform === 'linux' && process.env.MARELLE_LINUX_BASIC_TEXT_KEY === '1'
  return safeStorageSecretStore(dataDir, safeStorage, { linuxBasicText })
}

async function start(): Promise<void> {
  const paths = desktopPaths(app)
  log.transports.file.resolvePathFn = () => join(paths.logsDir, 'main.log')
  log.initialize()
  log.info(`Marelle ${app.getVersion()} starting; data in ${paths.dataDir}`)
  const serverSecrets = desktopSecretStore(paths.dataDir)
  const common = {
    logsDir: paths.logsDir,
    version: app.getVersion(),
    desktop: desktopFiles(),
  }
  try {
    // marelle-serveur.json beside the database names the shared server, if any
    // (Paramètres → Serveur): the back-end then opens it, and the window shows the
    // start-up screen when it cannot (server/startup.ts). Otherwise the local file,
    // with the key kept with safeStorage; a database whose key is unreadable waits
    // for the recovery key, typed in the window before sign-in (docs/chiffrement.md).
    backend = startDesktopBackend({
      databasePath: paths.databasePath,
      serverSecrets,
      log,
      startLocal: () =>
        startKeyedBackend({
          ...common,
          log,
          keyStore: desktopKeyStore(paths.dataDir),
          serverSecrets,
          databasePath: paths.databasePath,
          backupsDir: paths.backupsDir,
          nativeBinding: electronNativeBinding(app),
          jobWorker: { path: join(mainDir, 'job-worker.js') },
        }),
      server: {
        ...common,
        localDir: paths.dataDir,
        applicationName: 'marelle (poste)',
        nativeBinding: electronNativeBinding(app),
      },
    })
    // Without a server the local file is open (or refused, below) here; a server is joined
    // while the window opens, which shows the start-up screen if it cannot be used.
  } catch (error) {
    log.error('Database could not be opened or migrated', error)
    dialog.showErrorBox(
      'Marelle ne peut pas démarrer',
      // A French refusal (the key cannot be kept on this desktop…) says itself what to do.
      error instanceof AppError
        ? error.message
        : `La base de données n’a pas pu être ouverte ou mise à jour. Aucune donnée n’a été effacée ; une copie d’avant la mise à jour se trouve dans ${paths.backupsDir}.\n\nDétail : ${(error as Error).message}`,
    )
    app.exit(1)
    return
  }
  backend.opened
    // The daily copy is the local file's; a server is backed up by its administrator.
    .then((opened) => (opened.services.storage.kind === 'sqlite' ? runDailyBackup(opened.services) : null))
    .catch((error) => log.error('Daily backup failed', error))
  hardenApp(devOrigin)
  serveRenderer(rendererPaths(mainDir).rendererDir)
  registerContract(ipcMain, backend.dispatch, { devOrigin, sessionFor: sessionsByWebContents() })
  installMenu(paths)
  openWindow()
}

if (!app.requestSingleInstanceLock()) {
  app.quit()
} else {
  app.on('second-instance', () => {
    if (!mainWindow) return
    if (mainWindow.isMinimized()) mainWindow.restore()
    mainWindow.focus()
  })
  app.on('window-all-closed', () => {
    if (process.platform !== 'darwin') app.quit()
  })
  app.on('activate', () => {
    if (backend && BrowserWindow.getAllWindows().length === 0) openWindow()
  })
  app.on('will-quit', () => {
    void backend?.close()
  })
  app.whenReady().then(start, (error) => {
    log.error('Start-up failed', error)
    app.exit(1)
  })
}
