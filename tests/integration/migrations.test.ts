import { existsSync, rmSync } from 'node:fs'
import BetterSqlite3 from 'better-sqlite3'
import { afterEach, describe, expect, it } from 'vitest'
import { migrations } from '../../db/migrations/index'
import { checkDatabase } from '../../src-main/backend/db/check'
import { appliedMigrations, migrate } from '../../src-main/backend/db/migrate'
import { openDatabase } from '../../src-main/backend/db/open'
import { createTestBackend, type TestBackend } from '../helpers/backend'

let backend: TestBackend | null = null
afterEach(async () => {
  await backend?.dispose()
  backend = null
})

describe('migrations', () => {
  it('build the whole schema from an empty file, with the pragmas health data needs', async () => {
    backend = createTestBackend()
    const { sqlite } = backend.services
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
    const again = migrate(backend.services.sqlite)
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

  it('roll back a migration that fails, leaving the file as it was', () => {
    const sqlite = new BetterSqlite3(':memory:')
    const bad = {
      name: '99999999-9999-bad',
      up: (db: BetterSqlite3.Database) => db.exec('CREATE TABLE t (a); SELECT * FROM nowhere'),
    }
    expect(() => migrate(sqlite, { list: [bad] })).toThrow()
    expect(sqlite.prepare("SELECT count(*) FROM sqlite_master WHERE name = 't'").pluck().get()).toBe(0)
    expect(appliedMigrations(sqlite)).toEqual([])
  })

  it('refuse a list that is not sorted by name', () => {
    const sqlite = new BetterSqlite3(':memory:')
    const m = (name: string) => ({ name, up: () => {} })
    expect(() => migrate(sqlite, { list: [m('2'), m('1')] })).toThrow(/sorted/)
  })
})
