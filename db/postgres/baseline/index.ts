import { migrations } from '@db/migrations/index'
import type { PostgresExecutor } from '@db/migrations/types'
import { BASELINE_COVERAGE_VIEW, BASELINE_TRIGGERS } from './derived'
import { BASELINE_FUNCTIONS } from './functions'
import { BASELINE_SEARCH } from './search'
import { seedRows } from './seeds'
import { BASELINE_TABLES } from './tables'

/**
 * The SQLite migrations the PostgreSQL baseline stands for, recorded under
 * these names in schema_migrations when it runs. Frozen: every migration
 * after them carries its own PostgreSQL form (Migration.postgres).
 */
export const BASELINE_MIGRATIONS = [
  '20261127-0900-foundation',
  '20261127-1000-domain',
  '20261128-0900-vaccine-catalogue',
  '20261128-0910-family-search',
  '20261128-1100-provisional-admission',
  '20261128-1200-request-queue',
  '20261130-0900-csv-column-mappings',
  '20261130-1000-audit-indexes',
  '20261201-0900-calendar',
  '20261201-0910-school-holidays',
  '20261201-1100-file-coverage',
  '20261201-1100-request-time-known',
  '20261201-1200-staff-provisional-password',
  '20261201-1600-attendance',
  '20261201-1700-billing',
  '20261202-0100-messages',
  '20261202-0200-departure',
  '20261202-0300-retention',
  '20261202-0301-retention-search',
  '20261202-0400-completeness-window',
  '20261202-0500-coverage-email-presence',
  '20261202-0700-request-state-counts',
] as const

/** The identity columns of the current schema, with the statement that moves each sequence past its rows. */
export async function resetIdentities(db: PostgresExecutor, tables?: string[]): Promise<void> {
  const { rows } = await db.query(
    `SELECT c.relname AS "table", a.attname AS "column"
     FROM pg_attribute a JOIN pg_class c ON c.oid = a.attrelid JOIN pg_namespace n ON n.oid = c.relnamespace
     WHERE a.attidentity <> '' AND n.nspname = current_schema() AND c.relkind = 'r'
     ORDER BY 1`,
  )
  for (const row of rows as { table: string; column: string }[]) {
    if (tables && !tables.includes(row.table)) continue
    await db.query(
      `SELECT setval(pg_get_serial_sequence($1, $2), coalesce(max("${row.column}"), 0) + 1, false) FROM "${row.table}"`,
      [row.table, row.column],
    )
  }
}

/**
 * Gives an empty PostgreSQL database the schema SQLite has after
 * BASELINE_MIGRATIONS: the tables, indexes, views and triggers written here,
 * and the rows those migrations insert (vaccine catalogue, school holidays,
 * message templates, search control), taken from the SQLite migrations
 * themselves run on a memory database, so that both hold the same.
 */
export async function applyBaseline(db: PostgresExecutor): Promise<void> {
  const names = migrations.slice(0, BASELINE_MIGRATIONS.length).map((m) => m.name)
  if (names.join() !== BASELINE_MIGRATIONS.join())
    throw new Error('The PostgreSQL baseline must cover the first migrations of db/migrations/index.ts')
  for (const part of [
    BASELINE_FUNCTIONS,
    BASELINE_TABLES,
    BASELINE_COVERAGE_VIEW,
    BASELINE_SEARCH,
    BASELINE_TRIGGERS,
  ])
    await db.query(part)
  const seeds = seedRows(migrations.slice(0, BASELINE_MIGRATIONS.length))
  for (const { table, rows } of seeds)
    await db.query(`INSERT INTO "${table}" SELECT * FROM json_populate_recordset(NULL::"${table}", $1)`, [
      JSON.stringify(rows),
    ])
  await resetIdentities(
    db,
    seeds.map((s) => s.table),
  )
}
