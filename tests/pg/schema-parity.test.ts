import { migrations } from '@db/migrations/index'
import { BASELINE_MIGRATIONS } from '@db/postgres/baseline/index'
import BetterSqlite3 from 'better-sqlite3-multiple-ciphers'
import { beforeAll, describe, expect, it } from 'vitest'
import { migrate } from '../../src-main/backend/db/migrate'
import { appliedPostgresMigrations, migratePostgres } from '../../src-main/backend/db/postgres/migrate'
import { describePg, testDatabase } from './helpers'
import { postgresShape, type SchemaShape, sqliteShape } from './introspect'

function migratedSqlite(): SchemaShape {
  const sqlite = new BetterSqlite3(':memory:')
  try {
    migrate(sqlite)
    return sqliteShape(sqlite)
  } finally {
    sqlite.close()
  }
}

/** The tables the tests are declared for (before any hook runs). */
const sqliteTables = () => Object.keys(migratedSqlite().tables).sort()

// Runs without a server too: a migration added after the baseline without
// its PostgreSQL form fails here, on every machine.
describe('every migration after the PostgreSQL baseline', () => {
  it('has its PostgreSQL form', () => {
    const later = migrations.slice(BASELINE_MIGRATIONS.length)
    expect(migrations.slice(0, BASELINE_MIGRATIONS.length).map((m) => m.name)).toEqual([
      ...BASELINE_MIGRATIONS,
    ])
    expect(later.filter((m) => !m.postgres).map((m) => m.name)).toEqual([])
  })
})

describePg('a fresh SQLite file and a fresh PostgreSQL database, migrated', () => {
  const pg = testDatabase({ empty: true })
  let lite: SchemaShape
  let server: SchemaShape
  beforeAll(async () => {
    lite = migratedSqlite()
    await migratePostgres(pg.pg.db)
    server = await postgresShape(pg.pg)
  })

  it('record the same migrations', async () => {
    expect(await appliedPostgresMigrations(pg.pg.db)).toEqual(migrations.map((m) => m.name).sort())
  })

  it('have the same tables', () => {
    expect(Object.keys(server.tables).sort()).toEqual(Object.keys(lite.tables).sort())
    expect(Object.keys(lite.tables).length).toBeGreaterThan(40)
  })

  // One test per table, so that a difference names its table.
  for (const table of sqliteTables())
    it(`table ${table}: columns, NOT NULL, defaults, keys, checks and indexes`, () => {
      expect(server.tables[table]).toEqual(lite.tables[table])
    })

  it('have the same views, with the same columns', () => {
    expect(server.views).toEqual(lite.views)
  })

  it('have the same triggers, on the same tables and events', () => {
    expect(server.triggers).toEqual(lite.triggers)
    expect(lite.triggers.length).toBeGreaterThan(30)
    expect(lite.triggers.filter((t) => / (INSERT|UPDATE|DELETE)$/.test(t))).toEqual(lite.triggers)
  })

  // The one difference of level (tests/pg/introspect.ts): the request counters,
  // moved once per statement on PostgreSQL (migration request-counts-per-statement).
  it('fire per row, except the request counters, per statement on PostgreSQL', () => {
    expect(lite.statementTriggers).toEqual([])
    expect(server.statementTriggers).toEqual([
      'requests.request_counts_delete',
      'requests.request_counts_insert',
      'requests.request_counts_state',
      'requests.request_kind_counts_delete',
      'requests.request_kind_counts_insert',
      'requests.request_kind_counts_update',
    ])
  })
})
