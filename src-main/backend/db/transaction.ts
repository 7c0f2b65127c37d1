import type { DB } from '@db/schema'
import { type Kysely, sql } from 'kysely'
import { transactionScope } from './guarded-dialect'

/**
 * Runs `work` in one write transaction (BEGIN IMMEDIATE: the write lock is
 * taken at once, so two processes never deadlock upgrading a read lock).
 * Everything `work` does through `trx` is committed together or not at all.
 * Inside `work`, use `trx` only: the root db would wait for the connection
 * this transaction holds (the guarded dialect reports it instead).
 */
export async function inTransaction<T>(db: Kysely<DB>, work: (trx: Kysely<DB>) => Promise<T>): Promise<T> {
  return db.connection().execute(async (conn) => {
    await sql`BEGIN IMMEDIATE`.execute(conn)
    try {
      const result = await transactionScope.run({ holding: true }, () => work(conn))
      await sql`COMMIT`.execute(conn)
      return result
    } catch (error) {
      await sql`ROLLBACK`.execute(conn)
      throw error
    }
  })
}
