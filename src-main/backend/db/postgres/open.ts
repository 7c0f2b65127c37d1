import type { DB } from '@db/schema'
import { Kysely, PostgresDialect } from 'kysely'
import pg from 'pg'
import { AppError } from '../../errors'
import { rememberStorage } from '../storage/registry'
import type { Storage } from '../storage/types'
import { describeTarget, postgresError } from './errors'
import { postgresStorage } from './storage'
import { marelleTypes } from './types'

export interface OpenPostgres {
  /** Typed query builder over the pool (the same DB type as the SQLite side). */
  db: Kysely<DB>
  /** The pool, for the layer's own operations (advisory locks, LISTEN). */
  pool: pg.Pool
  /** The storage layer's server mode (../storage/types.ts). */
  storage: Storage
  /** "utilisateur@hôte:port/base", without the password: for messages and logs. */
  target: string
  close(): Promise<void>
}

export interface PostgresOpenOptions {
  /** Connections kept by the pool (a desktop needs few; the web host a few more). */
  max?: number
  /** Shown in pg_stat_activity, so that the server's administrator sees who is connected. */
  applicationName?: string
  /** Milliseconds to wait for the server before saying it does not answer. */
  connectTimeoutMs?: number
  /** better_sqlite3.node of this runtime, for the private scratch files (Electron's on the desktop). */
  nativeBinding?: string
}

/** Whether `text` is a PostgreSQL address (postgres:// or postgresql://) rather than a file path. */
export function isPostgresUrl(text: string): boolean {
  return /^postgres(ql)?:\/\//i.test(text)
}

/**
 * Opens a pool on `url` (postgres://user@host:port/db?sslmode=…) and checks
 * that the server answers, so that an unreachable server, a refused password
 * or a missing database is said in French here rather than at the first
 * query. The password comes from the address, or as pg reads it itself from
 * PGPASSWORD or ~/.pgpass (%APPDATA%\postgresql\pgpass.conf on Windows).
 * Every session runs in UTC.
 */
export async function openPostgres(url: string, options: PostgresOpenOptions = {}): Promise<OpenPostgres> {
  if (!isPostgresUrl(url))
    throw new AppError(
      'VALIDATION',
      'Adresse de la base : une adresse PostgreSQL commence par postgres:// (par exemple postgres://marelle@serveur/marelle).',
    )
  const target = describeTarget(url)
  const pool = new pg.Pool({
    connectionString: url,
    max: options.max ?? 4,
    application_name: options.applicationName ?? 'marelle',
    connectionTimeoutMillis: options.connectTimeoutMs ?? 10_000,
    options: '-c TimeZone=UTC -c DateStyle=ISO',
    types: marelleTypes(),
  })
  // An idle connection the server closed (restart, network cut) must not crash the process.
  pool.on('error', () => {})
  try {
    const client = await pool.connect()
    client.release()
  } catch (error) {
    await pool.end().catch(() => {})
    throw postgresError(error, url) ?? error
  }
  const db = new Kysely<DB>({ dialect: new PostgresDialect({ pool }) })
  // inTransaction(ctx.db, …) of every service then runs storage.transaction (SERIALIZABLE, retried).
  const storage = rememberStorage(db, postgresStorage(db, pool, { nativeBinding: options.nativeBinding }))
  let closed = false
  return {
    db,
    pool,
    storage,
    target,
    async close() {
      if (closed) return
      closed = true
      await db.destroy()
      // kysely ends the pool only when it ran a query on it.
      if (!pool.ended) await pool.end()
    },
  }
}
