import type { DB } from '@db/schema'
import type { Database } from 'better-sqlite3-multiple-ciphers'
import type { Kysely } from 'kysely'
import { storageError } from '../../../errors'
import { dailyBackup } from '../../backup'
import { checkDatabase } from '../../check'
import { cipherOf, rekeyDatabase } from '../../cipher'
import { copyDatabase } from '../../copy'
import { lastHealth, rememberHealth } from '../../health'
import { appliedMigrations, migrate } from '../../migrate'
import { latestGoodBackup, restoreNamedBackup, storageHealthReport } from '../../restore'
import { inTransaction } from '../../transaction'
import type { FileStorage, Storage } from '../types'
import { sqliteBulkWriter } from './bulk-writer'
import { SqliteExistingRecords } from './csv-import/existing'
import { SpilledRecords } from './csv-import/spill'
import { sqliteWriteSql } from './csv-import/write-sql'
import { sqliteErase } from './erase'
import { withSqliteJobLock } from './job-lock'
import { sqliteSearch } from './search'

// The embedded mode of the storage layer (../types.ts): one SQLite file, one
// writing connection per process. The file operations are the db/ modules
// beside this folder (copy, backup, health, restore, check, migrate), which
// this object is now the way in to.

function sqliteFile(sqlite: Database, db: Kysely<DB>): FileStorage {
  return {
    pageCount: () => sqlite.pragma('page_count', { simple: true }) as number,
    copyTo: async (target) => copyDatabase(sqlite, target),
    dailyBackup: (dir, now, keep) => dailyBackup(sqlite, dir, now, keep),
    lastHealth: () => lastHealth(sqlite),
    rememberHealth: (health) => rememberHealth(sqlite, health),
    healthReport: (backupsDir, now) => storageHealthReport(sqlite, backupsDir, now),
    latestGoodBackup: (dir) => latestGoodBackup(sqlite, dir),
    cipher: () => cipherOf(sqlite),
    rekey: (newKey) => rekeyDatabase(sqlite, newKey),
    migrate: (options) => migrate(sqlite, options),
    restore: (name, by) => restoreNamedBackup({ ...by, sqlite, db }, name),
  }
}

export function sqliteStorage(
  sqlite: Database,
  db: Kysely<DB>,
  options: { path: string; nativeBinding?: string },
): Storage {
  return {
    kind: 'sqlite',
    db,
    transaction: (work) => inTransaction(db, work),
    withJobLock: (name, work) => withSqliteJobLock(options.path, options.nativeBinding, name, work),
    appliedMigrations: async () => appliedMigrations(sqlite),
    schemaVersion: async () => appliedMigrations(sqlite).at(-1) ?? '',
    errorOf: storageError,
    check: async () => checkDatabase(sqlite),
    file: sqliteFile(sqlite, db),
    search: sqliteSearch(sqlite),
    erase: sqliteErase(sqlite),
    bulkWriter: () => sqliteBulkWriter(sqlite),
    csvImport: {
      records: () => new SpilledRecords(sqlite),
      existing: () => new SqliteExistingRecords(sqlite),
      writeSql: () => sqliteWriteSql(sqlite),
    },
    async withWriteCache(kib, work) {
      const previous = sqlite.pragma('cache_size', { simple: true }) as number
      sqlite.pragma(`cache_size = -${kib}`)
      try {
        return await work()
      } finally {
        sqlite.pragma(`cache_size = ${previous}`)
      }
    },
  }
}
