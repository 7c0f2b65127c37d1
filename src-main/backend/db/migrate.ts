import { existsSync, mkdirSync } from 'node:fs'
import { basename, dirname, join } from 'node:path'
import { migrations as allMigrations } from '@db/migrations/index'
import type { Migration } from '@db/migrations/types'
import type { Database } from 'better-sqlite3-multiple-ciphers'

export interface MigrationResult {
  applied: string[]
  /** Copy of the database taken before migrating, when there was data to protect. */
  backupPath: string | null
}

function ensureTable(sqlite: Database): void {
  sqlite.exec(`CREATE TABLE IF NOT EXISTS schema_migrations (
    name TEXT PRIMARY KEY, applied_at TEXT NOT NULL) STRICT`)
}

export function appliedMigrations(sqlite: Database): string[] {
  ensureTable(sqlite)
  return sqlite.prepare('SELECT name FROM schema_migrations ORDER BY name').pluck().all() as string[]
}

export function pendingMigrations(sqlite: Database, list: Migration[] = allMigrations): Migration[] {
  const done = new Set(appliedMigrations(sqlite))
  return list.filter((m) => !done.has(m.name))
}

function stamp(now: Date): string {
  return now.toISOString().replace(/[:.]/g, '-')
}

/**
 * Applies the pending migrations in order, each in its own transaction. When
 * the database already holds a schema, a full copy is written first next to
 * it (backups/…-avant-migration-….db) so that a failed upgrade loses nothing.
 */
export function migrate(
  sqlite: Database,
  options: { backupsDir?: string; now?: Date; list?: Migration[] } = {},
): MigrationResult {
  const list = options.list ?? allMigrations
  const names = list.map((m) => m.name)
  if (new Set(names).size !== names.length || [...names].sort().join() !== names.join())
    throw new Error('Migrations must have unique names listed in sorted order')
  const pending = pendingMigrations(sqlite, list)
  if (pending.length === 0) return { applied: [], backupPath: null }

  let backupPath: string | null = null
  const hasData = appliedMigrations(sqlite).length > 0
  if (hasData && sqlite.name !== ':memory:') {
    const dir = options.backupsDir ?? join(dirname(sqlite.name), 'backups')
    mkdirSync(dir, { recursive: true })
    backupPath = join(
      dir,
      `${basename(sqlite.name, '.db')}-avant-migration-${stamp(options.now ?? new Date())}.db`,
    )
    if (existsSync(backupPath)) throw new Error(`Backup file already exists: ${backupPath}`)
    sqlite.prepare('VACUUM INTO ?').run(backupPath)
  }

  const record = sqlite.prepare('INSERT INTO schema_migrations (name, applied_at) VALUES (?, ?)')
  for (const migration of pending) {
    sqlite.transaction(() => {
      migration.up(sqlite)
      record.run(migration.name, (options.now ?? new Date()).toISOString())
    })()
  }
  return { applied: pending.map((m) => m.name), backupPath }
}
