import { dirname, join } from 'node:path'
import type { AppPaths, Clock, Logger, Services } from './context'
import { systemClock } from './context'
import { migrate, type MigrationResult } from './db/migrate'
import { openDatabase, type OpenOptions } from './db/open'
import { createDispatcher, type Dispatch } from './ipc/dispatch'
import { handlers } from './handlers'
import { packageVersion } from './version'

export interface Backend {
  services: Services
  dispatch: Dispatch
  migration: MigrationResult
  close(): Promise<void>
}

export interface BackendOptions extends OpenOptions {
  databasePath: string
  backupsDir?: string
  logsDir?: string | null
  log: Logger
  clock?: Clock
  /** Defaults to package.json's version. */
  version?: string
}

/** Opens the database, migrates it (with a copy first) and builds the dispatcher. */
export function startBackend(options: BackendOptions): Backend {
  const opened = openDatabase(options.databasePath, options)
  const paths: AppPaths = {
    databasePath: options.databasePath,
    backupsDir: options.backupsDir ?? join(dirname(options.databasePath), 'backups'),
    logsDir: options.logsDir ?? null,
  }
  try {
    const migration = migrate(opened.sqlite, { backupsDir: paths.backupsDir })
    if (migration.applied.length > 0)
      options.log.info(
        `Migrated ${migration.applied.join(', ')}; copy before: ${migration.backupPath ?? 'none (new file)'}`,
      )
    const services: Services = {
      db: opened.db,
      sqlite: opened.sqlite,
      clock: options.clock ?? systemClock,
      log: options.log,
      paths,
      version: options.version ?? packageVersion(),
    }
    return { services, dispatch: createDispatcher(services, handlers), migration, close: opened.close }
  } catch (error) {
    opened.sqlite.close()
    throw error
  }
}
