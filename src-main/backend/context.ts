import type { DB } from '@db/schema'
import type { Role } from '@shared/roles'
import type { Kysely } from 'kysely'
import type { Storage } from './db/storage/types'
import type { KeyStore } from './encryption/key-store'
import type { Jobs } from './jobs/types'
import type { SecretStore } from './server/secret-store'

/** The staff member behind an action, as the audit log records them. */
export interface Actor {
  /** null for the command-line tool run without --as. */
  staffId: number | null
  login: string
  displayName: string
  role: Role
  /** The command line's command ("marelle family show"), for the trace of health reads. */
  command?: string
}

/** One connection's sign-in state, owned by the transport (a window, a browser tab). */
export interface Session {
  staffId: number | null
}

export interface Logger {
  info(message: string, ...rest: unknown[]): void
  warn(message: string, ...rest: unknown[]): void
  error(message: string, ...rest: unknown[]): void
}

export interface Clock {
  now(): Date
}

export const systemClock: Clock = { now: () => new Date() }

/**
 * The desktop app's file dialogs, given by the Electron shell (absent in the
 * web host and the CLI). A path chosen by staff in a dialog is "granted":
 * handlers that read or write files accept only granted paths, so the page
 * can never name an arbitrary file itself.
 */
export interface DesktopFiles {
  chooseSave(options: FileDialogOptions): Promise<string | null>
  chooseOpen(options: FileDialogOptions & { multiple?: boolean }): Promise<string[]>
  /** True (once) when `path` was chosen by staff in a dialog of this session. */
  consumeGrant(path: string): boolean
}

export interface FileDialogOptions {
  title: string
  defaultName?: string
  filters?: { name: string; extensions: string[] }[]
}

export interface AppPaths {
  databasePath: string
  backupsDir: string
  logsDir: string | null
}

/** What the back-end needs, built once at start-up. */
export interface Services {
  db: Kysely<DB>
  /** The storage layer (db/storage/types.ts): the named operations beside `db` that each mode implements. */
  storage: Storage
  clock: Clock
  log: Logger
  paths: AppPaths
  version: string
  /** Long tasks in worker threads (absent in the CLI, which runs them inline). */
  jobs?: Jobs
  desktop?: DesktopFiles
  /** The key this desktop keeps and the key the database is open with (encryption/unlock.ts). */
  encryption?: { keyStore: KeyStore; key: Buffer }
  /** Where the PostgreSQL server's password is kept (server/secret-store.ts); absent: PGPASSWORD or .pgpass. */
  serverSecrets?: SecretStore
}

/** What every handler receives: the services, the session and the signed-in staff member. */
export interface HandlerContext extends Services {
  session: Session
  /** null only on public channels (sign-in screens). */
  actor: Actor | null
}

/** Context of a handler on a channel that requires sign-in. */
export interface StaffContext extends HandlerContext {
  actor: Actor
}
