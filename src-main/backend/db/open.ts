import { existsSync, statSync } from 'node:fs'
import type { DB } from '@db/schema'
import BetterSqlite3, { type Database } from 'better-sqlite3-multiple-ciphers'
import { Kysely } from 'kysely'
import { storageError } from '../errors'
import { applyKey, isEncryptedFile, keyMissingError, openingError } from './cipher'
import { GuardedSqliteDialect, rememberConnection } from './guarded-dialect'
import { refuseNetworkShare } from './network-share'
import { registerSqlFunctions } from './sql-functions'
import { withStatementCache } from './statement-cache'
import { sqliteStorage } from './storage/sqlite'
import type { Storage } from './storage/types'

export interface OpenDatabase {
  /** The one writing connection, for SQLite-only helpers (backup, checks, bulk statements). */
  sqlite: Database
  /** Typed query builder over the same connection. */
  db: Kysely<DB>
  /** The storage layer over this connection (db/storage/types.ts): what the services use beside `db`. */
  storage: Storage
  path: string
  /** Whether the file is encrypted (read with OpenOptions.key). */
  encrypted: boolean
  close(): Promise<void>
}

export interface OpenOptions {
  /** Path of a better_sqlite3.node built for the running runtime (Electron in development). */
  nativeBinding?: string
  readonly?: boolean
  /**
   * How long a write waits for another connection's write lock. better-sqlite3
   * waits synchronously, so the process serving the UI keeps it short and
   * answers "base occupée" instead of freezing; the CLI and workers wait longer.
   */
  busyTimeoutMs?: number
  /**
   * The database key (docs/chiffrement.md). A new or empty file is created
   * encrypted with it; an encrypted file needs it. An existing plain file is
   * opened as it is: encrypting it is the start-up's or `marelle encrypt`'s
   * job (db/cipher.ts, encryptInPlace), never a side effect.
   */
  key?: Buffer | null
}

/** SQLite's page cache of every connection, plain or encrypted (SQLite's default here: 16 MB). */
export const PAGE_CACHE_KIB = 64 * 1024

/**
 * Opens the database with the settings health data needs: WAL so that
 * readers never block the writer, synchronous=FULL so that a committed change
 * survives a power cut, foreign keys enforced.
 */
export function openDatabase(path: string, options: OpenOptions = {}): OpenDatabase {
  refuseNetworkShare(path)
  const encryptedFile = isEncryptedFile(path)
  // Refused before SQLite touches the file: nothing can be written to it.
  if (encryptedFile && !options.key) throw keyMissingError()
  const key =
    options.key && (encryptedFile || !existsSync(path) || statSync(path).size === 0) ? options.key : null
  let sqlite: Database
  try {
    sqlite = new BetterSqlite3(path, {
      nativeBinding: options.nativeBinding,
      readonly: options.readonly ?? false,
      fileMustExist: options.readonly ?? false,
    })
  } catch (error) {
    throw storageError(error) ?? error
  }
  try {
    if (key) applyKey(sqlite, key)
    // The first statements read the header: a file that is not SQLite, or is
    // damaged there, fails here (SQLITE_NOTADB, SQLITE_CORRUPT) with a French message.
    sqlite.pragma(`busy_timeout = ${options.busyTimeoutMs ?? 5000}`)
    if (!options.readonly) sqlite.pragma('journal_mode = WAL')
    sqlite.pragma('synchronous = FULL')
    sqlite.pragma('foreign_keys = ON')
    // SQLite3 Multiple Ciphers does not encrypt temporary files (sorts, temporary tables):
    // an encrypted database keeps them in memory (docs/chiffrement.md; the import's
    // large scratch table goes to an encrypted file instead, db/storage/sqlite/attached-scratch.ts).
    if (key) sqlite.pragma('temp_store = MEMORY')
    // A page missing from SQLite's own cache costs an encrypted connection an
    // HMAC-SHA512 check and an AES decryption (the system's file cache holds only
    // encrypted pages), and a plain one a read and a B-tree page decode: a
    // city's database (700 MB for 100,000 families) outgrows the default 16 MB.
    // Both modes keep the same cache, so that the encryption bench compares
    // like with like (docs/chiffrement.md, « Mesures »).
    sqlite.pragma(`cache_size = -${PAGE_CACHE_KIB}`)
    sqlite.prepare('SELECT count(*) FROM sqlite_schema').get()
  } catch (error) {
    sqlite.close()
    throw openingError(error, path, key)
  }
  registerSqlFunctions(sqlite)
  const db = new Kysely<DB>({ dialect: new GuardedSqliteDialect({ database: withStatementCache(sqlite) }) })
  rememberConnection(db, sqlite, options.nativeBinding, key)
  return {
    sqlite,
    db,
    storage: sqliteStorage(sqlite, db, { path, nativeBinding: options.nativeBinding }),
    path,
    encrypted: key !== null,
    async close() {
      if (!sqlite.open) return
      await db.destroy()
      if (sqlite.open) sqlite.close()
    },
  }
}
