import { join } from 'node:path'
import type { App } from 'electron'

export interface DesktopPaths {
  dataDir: string
  databasePath: string
  backupsDir: string
  logsDir: string
}

/**
 * Where Marelle keeps its files: the user's data folder, named Marelle.
 * Windows: %APPDATA%\Marelle ; macOS: ~/Library/Application Support/Marelle.
 * MARELLE_DATA_DIR overrides it (a shared install, the shell's tests).
 */
export function desktopPaths(app: App): DesktopPaths {
  app.setPath('userData', process.env.MARELLE_DATA_DIR || join(app.getPath('appData'), 'Marelle'))
  const dataDir = app.getPath('userData')
  return {
    dataDir,
    databasePath: join(dataDir, 'marelle.db'),
    backupsDir: join(dataDir, 'backups'),
    logsDir: join(dataDir, 'logs'),
  }
}
