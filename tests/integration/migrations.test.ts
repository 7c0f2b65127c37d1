import { existsSync, rmSync } from 'node:fs'
import BetterSqlite3 from 'better-sqlite3-multiple-ciphers'
import { afterEach, expect, it } from 'vitest'
import { migrations } from '../../db/migrations/index'
import { checkDatabase } from '../../src-main/backend/db/check'
import { appliedMigrations, migrate } from '../../src-main/backend/db/migrate'
import { openDatabase } from '../../src-main/backend/db/open'
import { createTestBackend, type TestBackend } from '../helpers/backend'
import { describeSqliteOnly } from '../helpers/pg-backend'
import { sqliteOf } from '../helpers/sqlite'

let backend: TestBackend | null = null
afterEach(async () => {
  await backend?.dispose()
  backend = null
})

describeSqliteOnly('migrations', () => {
  it('build the whole schema from an empty file, with the pragmas health data needs', async () => {
    backend = createTestBackend()
    const sqlite = sqliteOf(backend.services)
    expect(backend.migration.applied).toEqual(migrations.map((m) => m.name))
    expect(backend.migration.backupPath).toBeNull()
    expect(sqlite.pragma('journal_mode', { simple: true })).toBe('wal')
    expect(sqlite.pragma('synchronous', { simple: true })).toBe(2) // FULL
    expect(sqlite.pragma('foreign_keys', { simple: true })).toBe(1)
    const tables = sqlite.prepare("SELECT name FROM sqlite_master WHERE type = 'table'").pluck().all()
    for (const table of [
      'staff',
      'audit_log',
      'families',
      'guardians',
      'children',
      'authorized_persons',
      'vaccinations',
      'health_conditions',
      'requests',
      'request_items',
      'agenda_exceptions',
    ])
      expect(tables).toContain(table)
    expect(checkDatabase(sqlite)).toEqual({ ok: true, problems: [] })
  })

  it('run once: a second start applies nothing and takes no copy', async () => {
    backend = createTestBackend()
    const again = migrate(sqliteOf(backend.services))
    expect(again).toEqual({ applied: [], backupPath: null })
  })

  it('copy the database before migrating one that already holds data', async () => {
    backend = createTestBackend()
    const path = backend.dbPath
    await backend.close()
    // A file made before the last migration existed (whatever that migration
    // does: new tables, new columns, indexes), holding data.
    rmSync(path)
    const last = migrations.at(-1)!
    const sqlite = new BetterSqlite3(path)
    migrate(sqlite, { list: migrations.slice(0, -1) })
    sqlite
      .prepare("INSERT INTO settings (key, value, updated_at) VALUES ('x', '1', '2026-11-27T09:00:00.000Z')")
      .run()
    const result = migrate(sqlite, { backupsDir: `${backend.dir}/backups` })
    expect(result.applied).toEqual([last.name])
    expect(result.backupPath).not.toBeNull()
    expect(existsSync(result.backupPath!)).toBe(true)
    const copy = new BetterSqlite3(result.backupPath!, { readonly: true })
    expect(appliedMigrations(copy)).not.toContain(last.name)
    copy.close()
    sqlite.close()
    const reopened = openDatabase(path)
    expect(appliedMigrations(reopened.sqlite)).toContain(last.name)
    await reopened.close()
  })

  it('roll back a migration that fails, leaving the file as it was', async () => {
    backend = createTestBackend()
    const dir = backend.dir
    const path = `${dir}/echec.db`
    const opened = openDatabase(path)
    migrate(opened.sqlite, { list: migrations.slice(0, 1) })
    const schemaBefore = opened.sqlite.prepare('SELECT sql FROM sqlite_schema ORDER BY name').pluck().all()
    const bad = {
      name: '99999999-9999-bad',
      up: (db: BetterSqlite3.Database) => db.exec('CREATE TABLE t (a); SELECT * FROM nowhere'),
    }
    expect(() =>
      migrate(opened.sqlite, { list: [...migrations.slice(0, 1), bad], backupsDir: `${dir}/b` }),
    ).toThrow()
    await opened.close()
    // Read back from the file itself, by a new connection.
    const reopened = openDatabase(path)
    expect(reopened.sqlite.prepare('SELECT sql FROM sqlite_schema ORDER BY name').pluck().all()).toEqual(
      schemaBefore,
    )
    expect(appliedMigrations(reopened.sqlite)).toEqual([migrations[0].name])
    expect(checkDatabase(reopened.sqlite)).toEqual({ ok: true, problems: [] })
    await reopened.close()
  })

  it('refuse a list that is not sorted by name', () => {
    const sqlite = new BetterSqlite3(':memory:')
    const m = (name: string) => ({ name, up: () => {} })
    expect(() => migrate(sqlite, { list: [m('2'), m('1')] })).toThrow(/sorted/)
  })
})

// Upgrades from every earlier schema version: for each prefix of the
// migration list (new migrations join the walk by themselves), a real file
// with the production pragmas is built at that version, filled with records
// staff would not want to lose, then upgraded as the app upgrades it at
// start-up. Every record must come through unchanged, the file must pass
// integrity_check and foreign_key_check, and the copy taken before the
// upgrade must be sound and hold the same records.
const AT = '2026-11-27T09:00:00.000Z'

/** What each table holds at every version it exists in: its first columns never change. */
const RECORDS: { table: string; columns: string[]; rows: unknown[][] }[] = [
  {
    table: 'staff',
    columns: ['id', 'login', 'display_name', 'role', 'password_hash', 'created_at', 'updated_at'],
    rows: [[1, 'admin', 'Camille Admin', 'administrateur', 'scrypt$placeholder', AT, AT]],
  },
  {
    table: 'settings',
    columns: ['key', 'value', 'updated_at', 'updated_by'],
    rows: [['commune', '{"nom":"Biviers"}', AT, 1]],
  },
  {
    table: 'audit_log',
    columns: ['id', 'at', 'staff_id', 'actor', 'action', 'entity_type', 'entity_id', 'family_id', 'changes'],
    rows: [[1, AT, 1, 'Camille Admin', 'family.create', 'family', 7, 7, '[]']],
  },
  {
    table: 'families',
    columns: [
      'id',
      'number',
      'caf_organisation',
      'caf_number',
      'iban',
      'created_at',
      'updated_at',
      'version',
    ],
    rows: [[7, '383304832264', 'CAF', '1234567', 'FR7630006000011234567890189', AT, AT, 3]],
  },
  {
    table: 'family_quotients',
    columns: ['id', 'family_id', 'qf', 'valid_from', 'valid_to', 'created_at'],
    rows: [[1, 7, 450, '2026-01-01', '2026-12-31', AT]],
  },
  {
    table: 'guardians',
    columns: [
      'id',
      'family_id',
      'role',
      'last_name',
      'first_name',
      'address_line1',
      'postal_code',
      'city',
      'mobile_phone',
      'email',
      'created_at',
      'updated_at',
      'version',
    ],
    rows: [
      [
        1,
        7,
        'responsable',
        'Émery',
        'Noël',
        '12 rue de l’Église',
        '38330',
        'BIVIERS',
        '0612345678',
        'noel@example.fr',
        AT,
        AT,
        2,
      ],
      [2, 7, 'conjoint', 'Émery', 'Zélie', null, '38330', 'BIVIERS', null, null, AT, AT, 1],
    ],
  },
  {
    table: 'children',
    columns: [
      'id',
      'family_id',
      'identifier',
      'last_name',
      'first_name',
      'sex',
      'birth_date',
      'pai',
      'pai_valid_until',
      'pai_details',
      'doctor_name',
      'created_at',
      'updated_at',
      'version',
    ],
    rows: [
      [
        3,
        7,
        '383306398666',
        'Émery',
        'Zoé',
        'F',
        '2016-05-02',
        1,
        '2027-06-30',
        'Trousse d’urgence au bureau',
        'Dr Martin',
        AT,
        AT,
        4,
      ],
    ],
  },
  {
    table: 'authorized_persons',
    columns: [
      'id',
      'child_id',
      'last_name',
      'first_name',
      'relationship',
      'mobile',
      'can_pick_up',
      'created_at',
      'updated_at',
    ],
    rows: [[1, 3, 'VOISNE', 'TEST', 'voisin', '0698765432', 1, AT, AT]],
  },
  {
    table: 'vaccinations',
    columns: ['id', 'child_id', 'vaccine_name', 'vaccinated_on', 'booster_on', 'created_at', 'updated_at'],
    rows: [[1, 3, 'Pentacoq', '2016-07-12', '2017-07-01', AT, AT]],
  },
  {
    table: 'health_conditions',
    columns: ['id', 'child_id', 'kind', 'label', 'allergen', 'details', 'created_at', 'updated_at'],
    rows: [[1, 3, 'allergie', 'Arachide', 'peanuts', 'Réaction sévère', AT, AT]],
  },
  {
    table: 'requests',
    columns: [
      'id',
      'ref',
      'channel',
      'submitted_at',
      'submitted_at_utc',
      'received_at',
      'family_id',
      'child_id',
      'kind',
      'payload',
      'state',
      'created_at',
      'updated_at',
    ],
    rows: [
      [
        1,
        'P-20170703-000017',
        'portail',
        '2017-07-03T10:12:00+02:00',
        '2017-07-03T08:12:00.000Z',
        AT,
        7,
        null,
        'responsable.update',
        '{"email":"a@b.fr"}',
        'pending',
        AT,
        AT,
      ],
    ],
  },
]

const tablesOf = (sqlite: BetterSqlite3.Database) =>
  new Set(sqlite.prepare("SELECT name FROM sqlite_schema WHERE type = 'table'").pluck().all() as string[])

/** The records at this version, read back column by column. */
function readRecords(sqlite: BetterSqlite3.Database, tables: Set<string>) {
  return RECORDS.filter((r) => tables.has(r.table)).map((r) => ({
    table: r.table,
    rows: sqlite
      .prepare(`SELECT ${r.columns.join(', ')} FROM ${r.table} ORDER BY 1`)
      .raw()
      .all(),
  }))
}

describeSqliteOnly('upgrading from every earlier schema version', () => {
  const versions = migrations.slice(0, -1).map((m, i) => ({ last: m.name, count: i + 1 }))

  it('walks every version the list holds', () => {
    expect(versions.length).toBe(migrations.length - 1)
    expect(versions.length).toBeGreaterThanOrEqual(11)
  })

  for (const { last, count } of versions)
    it(`keeps every record of a file at ${last}`, async () => {
      backend = createTestBackend()
      const path = `${backend.dir}/ancienne.db`
      const old = openDatabase(path)
      migrate(old.sqlite, { list: migrations.slice(0, count) })
      const tables = tablesOf(old.sqlite)
      for (const record of RECORDS.filter((r) => tables.has(r.table))) {
        const insert = old.sqlite.prepare(
          `INSERT INTO ${record.table} (${record.columns.join(', ')}) VALUES (${record.columns.map(() => '?').join(', ')})`,
        )
        for (const row of record.rows) insert.run(...row)
      }
      const before = readRecords(old.sqlite, tables)
      expect(before.length).toBeGreaterThan(0)
      await old.close()

      const upgraded = openDatabase(path)
      const result = migrate(upgraded.sqlite, { backupsDir: `${backend.dir}/backups` })
      expect(result.applied).toEqual(migrations.slice(count).map((m) => m.name))
      expect(readRecords(upgraded.sqlite, tables)).toEqual(before)
      expect(checkDatabase(upgraded.sqlite)).toEqual({ ok: true, problems: [] })
      expect(appliedMigrations(upgraded.sqlite)).toEqual(migrations.map((m) => m.name))
      await upgraded.close()

      expect(result.backupPath).not.toBeNull()
      const copy = new BetterSqlite3(result.backupPath!, { readonly: true })
      try {
        expect(copy.pragma('integrity_check')).toEqual([{ integrity_check: 'ok' }])
        expect(appliedMigrations(copy)).toEqual(migrations.slice(0, count).map((m) => m.name))
        expect(readRecords(copy, tables)).toEqual(before)
      } finally {
        copy.close()
      }
    })
})
