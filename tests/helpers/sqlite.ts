import type { DB } from '@db/schema'
import type { Database } from 'better-sqlite3-multiple-ciphers'
import type { Kysely } from 'kysely'
import { connectionOf } from '../../src-main/backend/db/guarded-dialect'

/**
 * The SQLite connection under `services.db`, for the tests and benches that
 * look at the file itself (pages, pragmas, statements of their own). The
 * back-end has none outside src-main/backend/db/ (docs/architecture.md,
 * « Le stockage »); in server mode there is none at all, and this throws.
 */
export function sqliteOf(services: { db: Kysely<DB> }): Database {
  const sqlite = connectionOf(services.db)
  if (!sqlite) throw new Error('No SQLite connection: the database is a PostgreSQL server')
  return sqlite
}
