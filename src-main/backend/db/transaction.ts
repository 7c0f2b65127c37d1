import { type Kysely, sql } from 'kysely'
import type { DB } from '@db/schema'

/**
 * Runs `work` in one write transaction (BEGIN IMMEDIATE: the write lock is
 * taken at once, so two processes never deadlock upgrading a read lock).
 * Everything `work` does through `trx` is committed together or not at all.
 */
export async function inTransaction<T>(db: Kysely<DB>, work: (trx: Kysely<DB>) => Promise<T>): Promise<T> {
  return db.connection().execute(async (conn) => {
    await sql`BEGIN IMMEDIATE`.execute(conn)
    try {
      const result = await work(conn)
      await sql`COMMIT`.execute(conn)
      return result
    } catch (error) {
      await sql`ROLLBACK`.execute(conn)
      throw error
    }
  })
}
