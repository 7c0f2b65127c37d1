import { execFileSync } from 'node:child_process'
import { randomBytes } from 'node:crypto'
import type { DB } from '@db/schema'
import { Kysely, PostgresDialect } from 'kysely'
import pg from 'pg'
import { describe, it } from 'vitest'
import type { Backend } from '../../src-main/backend/bootstrap'
import { type ServerBackendOptions, serverBackend } from '../../src-main/backend/bootstrap'
import { openDatabase } from '../../src-main/backend/db/open'
import { openPostgres } from '../../src-main/backend/db/postgres/open'
import { postgresStorage } from '../../src-main/backend/db/postgres/storage'
import { marelleTypes } from '../../src-main/backend/db/postgres/types'
import { rememberStorage } from '../../src-main/backend/db/storage/registry'
import type { Storage } from '../../src-main/backend/db/storage/types'
import { adminUrl, databaseUrl } from '../pg/server'

// The back-end suite in server mode (docs/architecture.md, « Mode serveur »):
// with MARELLE_TEST_DB=postgres (scripts/pg-suite.mjs), createTestBackend
// builds each backend on a fresh database copied from a migrated template
// (createdb -T, with the PG* variables pg_virtualenv exports).

/** Whether this run's backends are on PostgreSQL. */
export const onPostgres = process.env.MARELLE_TEST_DB === 'postgres'

/** The migrated template the suite copies (scripts/pg-suite.mjs creates it). */
export const SUITE_TEMPLATE = process.env.MARELLE_TEST_PG_TEMPLATE ?? 'marelle_suite_template'

/**
 * A backend on a new database of the test server, built synchronously as
 * createTestBackend is: the database is copied by createdb, the pool opened
 * lazily by pg (same settings as openPostgres: UTC, ISO dates, Marelle's
 * type parsers). The template is this version's schema: no check needed.
 */
export function createPostgresBackend(
  options: Omit<ServerBackendOptions, 'databaseUrl' | 'maxConnections' | 'applicationName'>,
): Backend & { database: string } {
  const admin = adminUrl()
  if (!admin) throw new Error('MARELLE_TEST_DB=postgres needs PGHOST… (run node scripts/pg-suite.mjs)')
  const name = `s_${randomBytes(6).toString('hex')}`
  execFileSync('createdb', ['-T', SUITE_TEMPLATE, name], { stdio: 'pipe' })
  const url = databaseUrl(admin, name)
  const pool = new pg.Pool({
    connectionString: url,
    max: 4,
    application_name: 'marelle test',
    options: '-c TimeZone=UTC -c DateStyle=ISO',
    types: marelleTypes(),
  })
  pool.on('error', () => {})
  const db = new Kysely<DB>({ dialect: new PostgresDialect({ pool }) })
  const storage = rememberStorage(db, postgresStorage(db, pool))
  let closed = false
  const backend = serverBackend(
    {
      db,
      storage,
      target: name,
      async close() {
        if (closed) return
        closed = true
        await db.destroy()
        if (!pool.ended) await pool.end()
        execFileSync('dropdb', ['--force', '--if-exists', name], { stdio: 'pipe' })
      },
    },
    options,
  )
  // The address `marelle --db` takes to reach this database (tests/helpers/cli.ts).
  return { ...backend, database: url }
}

/**
 * describe() for tests of what only the SQLite file has (pragmas, its
 * bytes, backups, encryption, raw SQL on the file): skipped, and said so,
 * when the suite runs on PostgreSQL.
 */
export const describeSqliteOnly = onPostgres ? describe.skip : describe
/** it() for one such test in a file otherwise run in both modes. */
export const itSqliteOnly = onPostgres ? it.skip : it

/**
 * Another connection to `backend`'s database, as a second process or desktop
 * would open it: the SQLite file opened again, or a new pool on the server.
 */
export async function openAnotherConnection(backend: {
  dbPath: string
  database: string
}): Promise<{ db: Kysely<DB>; storage: Storage; close(): Promise<void> }> {
  if (!onPostgres) return openDatabase(backend.dbPath)
  return openPostgres(backend.database, { max: 2, applicationName: 'marelle test (autre connexion)' })
}
