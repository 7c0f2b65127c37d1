import type { DB } from '@db/schema'
import { type Kysely, sql } from 'kysely'
import { connectionOf, transactionScope } from './guarded-dialect'
import { storageOf } from './storage/registry'

/**
 * Runs `work` in one write transaction (BEGIN IMMEDIATE: the write lock is
 * taken at once, so two processes never deadlock upgrading a read lock).
 * Everything `work` does through `trx` is committed together or not at all.
 * Inside `work`, use `trx` only: the root db would wait for the connection
 * this transaction holds (the guarded dialect reports it instead).
 *
 * On some faults (SQLITE_FULL, SQLITE_IOERR, SQLITE_NOMEM…) SQLite has
 * already rolled the transaction back by itself. A second ROLLBACK would
 * fail with "cannot rollback - no transaction is active" and hide the real
 * error, so the rollback runs only while a transaction is still open, and
 * the error thrown is always the one that stopped the work (see storageError
 * in ../errors.ts for what staff read).
 *
 * A query builder of another storage mode (PostgreSQL) runs its own
 * transaction instead (db/storage/types.ts, Storage.transaction).
 */
export async function inTransaction<T>(db: Kysely<DB>, work: (trx: Kysely<DB>) => Promise<T>): Promise<T> {
  const sqlite = connectionOf(db)
  if (!sqlite) {
    const storage = storageOf(db)
    if (storage && storage.kind !== 'sqlite') return storage.transaction(work)
  }
  return db.connection().execute(async (conn) => {
    await sql`BEGIN IMMEDIATE`.execute(conn)
    try {
      const result = await transactionScope.run({ holding: true }, () => work(conn))
      await sql`COMMIT`.execute(conn)
      return result
    } catch (error) {
      if (sqlite?.inTransaction ?? true) {
        try {
          await sql`ROLLBACK`.execute(conn)
        } catch (rollbackError) {
          // Still open after a failed rollback: the connection cannot be trusted.
          if (sqlite?.inTransaction) throw new AggregateError([error, rollbackError], String(error))
        }
      }
      throw error
    }
  })
}
