import { existsSync, statSync } from 'node:fs'
import { dirname, join } from 'node:path'
import { fileURLToPath } from 'node:url'
import type { AppPaths, Clock, DesktopFiles, Logger, Services } from './context'
import { systemClock } from './context'
import { encryptPlainBackups } from './db/backup'
import { encryptInPlace, isEncryptedFile } from './db/cipher'
import { quickCheck, rememberHealth, STARTUP_CHECK_MS } from './db/health'
import { type MigrationResult, migrate } from './db/migrate'
import { type OpenOptions, openDatabase } from './db/open'
import { refuseOtherSchema } from './db/postgres/migrate'
import { type OpenPostgres, openPostgres } from './db/postgres/open'
import { removeLeftoverScratch } from './db/storage/sqlite/attached-scratch'
import { removeAllStaging } from './family-csv/staging'
import { handlers } from './handlers'
import { createDispatcher, type Dispatch } from './ipc/dispatch'
import { InlineJobs } from './jobs/inline'
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

export interface ServerBackendOptions {
  /** postgres://user@host:port/db?sslmode=… (the password from PGPASSWORD or .pgpass). */
  databaseUrl: string
  /**
   * This host's own folder (the server setting of Paramètres, CSV files being
   * imported): in server mode `paths.databasePath` names no file, only a place in it.
   */
  localDir: string
  logsDir?: string | null
  log: Logger
  clock?: Clock
  version?: string
  desktop?: DesktopFiles
  serverSecrets?: SecretStore
  /** Connections kept by the pool (default 4). */
  maxConnections?: number
  applicationName?: string
  /** better_sqlite3.node of this runtime (Electron's on the desktop), for the import's scratch file. */
  nativeBinding?: string
}

/**
 * The back-end on a PostgreSQL server (docs/architecture.md, « Mode serveur »):
 * opens the pool, refuses a server whose schema is not this version's (a
 * desktop or web host never migrates a shared schema: the administrator runs
 * `marelle --db postgres://… migrate`), and builds the same dispatcher as on
 * a file. What only a file has is skipped: the start-up page check, the
 * daily backup, the encryption key (`storage.file` is null), and the job
 * worker threads (long tasks run inline, as in the CLI).
 */
export async function startServerBackend(options: ServerBackendOptions): Promise<Backend> {
  const server = await openPostgres(options.databaseUrl, {
    max: options.maxConnections,
    applicationName: options.applicationName,
    nativeBinding: options.nativeBinding,
  })
  try {
    await refuseOtherSchema(server.db)
    return serverBackend(server, options)
  } catch (error) {
    await server.close()
    throw error
  }
}

/** The back-end over a server already opened (and whose schema was checked): the services and the dispatcher. */
export function serverBackend(
  server: Pick<OpenPostgres, 'db' | 'storage' | 'target' | 'close'>,
  options: Omit<ServerBackendOptions, 'databaseUrl' | 'maxConnections' | 'applicationName' | 'nativeBinding'>,
): Backend {
  const services: Services = {
    db: server.db,
    storage: server.storage,
    clock: options.clock ?? systemClock,
    log: options.log,
    paths: {
      databasePath: join(options.localDir, 'serveur-postgresql'),
      backupsDir: join(options.localDir, 'backups'),
      logsDir: options.logsDir ?? null,
    },
    version: options.version ?? packageVersion(),
    desktop: options.desktop,
    serverSecrets: options.serverSecrets,
  }
  // Long tasks in this thread: the worker threads open the SQLite file (jobs/inline.ts).
  const jobs = new InlineJobs(services)
  services.jobs = jobs
  options.log.info(`Server mode: ${server.target}`)
  return {
    services,
    dispatch: createDispatcher(services, handlers),
    migration: { applied: [], backupPath: null },
    close: async () => {
      await jobs.close()
      await server.close()
    },
  }
}
