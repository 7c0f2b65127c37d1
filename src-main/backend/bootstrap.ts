import { existsSync, statSync } from 'node:fs'
import { dirname, join } from 'node:path'
import { fileURLToPath } from 'node:url'
import type { AppPaths, Clock, DesktopFiles, Logger, Services } from './context'
import { systemClock } from './context'
import { encryptPlainBackups } from './db/backup'
import { quickCheck, rememberHealth, STARTUP_CHECK_MS } from './db/health'
import { type MigrationResult, migrate } from './db/migrate'
import { type OpenOptions, openDatabase } from './db/open'
import { encryptInPlace, isEncryptedFile } from './encryption/cipher'
import { removeLeftoverScratch } from './encryption/scratch'
import { removeAllStaging } from './family-csv/staging'
import { handlers } from './handlers'
import { createDispatcher, type Dispatch } from './ipc/dispatch'
import { JobManager, type WorkerScript } from './jobs/manager'
import type { SecretStore } from './server/secret-store'
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
  /** The job worker script; defaults to the TypeScript source run through tsx. */
  jobWorker?: WorkerScript
  desktop?: DesktopFiles
  /** The PostgreSQL server's password store of Paramètres (server/secret-store.ts). */
  serverSecrets?: SecretStore
}

function sourceWorker(): WorkerScript {
  const here = dirname(fileURLToPath(import.meta.url))
  return { path: join(here, 'jobs', 'ts-worker.mjs') }
}

/**
 * A plain database given a key is encrypted before it is opened, and so are
 * its plain backups (docs/chiffrement.md): a checked encrypted copy replaces
 * the plain file, which stays in place until then.
 */
function encryptPlainDatabase(key: Buffer, paths: AppPaths, options: BackendOptions): void {
  const { databasePath } = paths
  if (!existsSync(databasePath) || statSync(databasePath).size === 0 || isEncryptedFile(databasePath)) return
  options.log.info('Plain database found: encrypting it with the key given')
  encryptInPlace(databasePath, key, { nativeBinding: options.nativeBinding })
  const backups = encryptPlainBackups(paths.backupsDir, key, { nativeBinding: options.nativeBinding })
  options.log.info(`Plain backups encrypted: ${backups.encrypted.length}`)
  for (const name of backups.failed)
    options.log.warn(`Plain backup ${name} could not be encrypted (damaged): left as it is`)
}

/** Opens the database, migrates it (with a copy first) and builds the dispatcher. */
export function startBackend(options: BackendOptions): Backend {
  const paths: AppPaths = {
    databasePath: options.databasePath,
    backupsDir: options.backupsDir ?? join(dirname(options.databasePath), 'backups'),
    logsDir: options.logsDir ?? null,
  }
  if (options.key) encryptPlainDatabase(options.key, paths, options)
  removeLeftoverScratch(options.databasePath)
  removeAllStaging(paths)
  // Short lock wait: this connection answers the UI (see OpenOptions.busyTimeoutMs).
  const opened = openDatabase(options.databasePath, { busyTimeoutMs: 250, ...options })
  try {
    // Bounded check of the file before anything else (docs/architecture.md, "Stockage"):
    // a damaged database is neither migrated nor copied over the good backups.
    const health = rememberHealth(opened.sqlite, quickCheck(opened.sqlite, { budgetMs: STARTUP_CHECK_MS }))
    if (!health.ok) options.log.error(`Database damaged: ${health.problems.join(' | ')}`)
    const migration: MigrationResult = health.ok
      ? migrate(opened.sqlite, { backupsDir: paths.backupsDir })
      : { applied: [], backupPath: null }
    if (migration.applied.length > 0)
      options.log.info(
        `Migrated ${migration.applied.join(', ')}; copy before: ${migration.backupPath ?? 'none (new file)'}`,
      )
    const clock = options.clock ?? systemClock
    const version = options.version ?? packageVersion()
    const jobs = new JobManager({
      script: options.jobWorker ?? sourceWorker(),
      databasePath: options.databasePath,
      backupsDir: paths.backupsDir,
      nativeBinding: options.nativeBinding,
      key: opened.encrypted ? options.key : null,
      version,
      log: options.log,
      clock,
    })
    const services: Services = {
      db: opened.db,
      storage: opened.storage,
      sqlite: opened.sqlite,
      clock,
      log: options.log,
      paths,
      version,
      jobs,
      desktop: options.desktop,
      serverSecrets: options.serverSecrets,
    }
    return {
      services,
      dispatch: createDispatcher(services, handlers),
      migration,
      async close() {
        await jobs.close()
        await opened.close()
      },
    }
  } catch (error) {
    opened.sqlite.close()
    throw error
  }
}
