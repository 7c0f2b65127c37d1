import { migrations } from '@db/migrations/index'
import type { DB } from '@db/schema'
import type { Kysely } from 'kysely'
import type pg from 'pg'
import { PostgresExistingRecords } from '../../family-csv/import/existing'
import { postgresWriteSql } from '../../family-csv/import/write-sql'
import { spilledToPrivateFile } from '../storage/sqlite/csv-import/spill'
import type { Storage } from '../storage/types'
import { postgresBulkWriter } from './bulk-writer'
import { postgresError } from './errors'
import { withPostgresJobLock } from './job-lock'
import { appliedPostgresMigrations } from './migrate'
import { postgresSearch } from './search'
import { serializable } from './transaction'

// The server mode of the storage layer (../storage/types.ts). What is here:
// transactions (SERIALIZABLE with retries), job locks, the schema version,
// errors in French, the check that makes sense on a server, the search
// (./search.ts), the bulk writer of imports and the demo (./bulk-writer.ts),
// the CSV import's reads and writes (family-csv/import/existing.ts, write-sql.ts).

export function postgresStorage(
  db: Kysely<DB>,
  pool: pg.Pool,
  options: { nativeBinding?: string } = {},
): Storage {
  const applied = () => appliedPostgresMigrations(db)
  return {
    kind: 'postgres',
    db,
    transaction: (work) => serializable(db, work),
    withJobLock: (name, work) => withPostgresJobLock(pool, name, work),
    appliedMigrations: applied,
    schemaVersion: async () => (await applied()).at(-1) ?? '',
    errorOf: (error) => postgresError(error),
    // The server enforces foreign keys and checks its own pages; what is left
    // to the application is that the schema is this version's.
    async check() {
      const done = new Set(await applied())
      const missing = migrations.filter((m) => !done.has(m.name)).map((m) => m.name)
      const problems =
        missing.length > 0
          ? [
              `Le schéma du serveur n’est pas celui de cette version : ${missing.length} migration(s) à appliquer (${missing.at(-1)}) ; l’administrateur lance « marelle --db postgres://… migrate ».`,
            ]
          : []
      return { ok: problems.length === 0, problems }
    },
    file: null,
    search: postgresSearch(db),
    erase: {
      securely: (work) => work(),
      // VACUUM frees the deleted rows' space for reuse; their bytes stay in
      // the server's files until overwritten: never complete.
      async compact() {
        await pool.query('VACUUM')
        return false
      },
    },
    // The server manages its own memory.
    withWriteCache: (_kib, work) => work(),
    bulkWriter: (trx) => postgresBulkWriter(trx),
    csvImport: {
      records: () => spilledToPrivateFile(options.nativeBinding),
      existing: (trx) => new PostgresExistingRecords(trx),
      writeSql: (trx) => postgresWriteSql(trx),
    },
  }
}
