import type pg from 'pg'
import { AppError } from '../../errors'
import { REFUSED } from '../storage/sqlite/job-lock'
import type { JobLockName } from '../storage/types'

/**
 * The job lock of the server mode: a session advisory lock on a connection
 * of its own, taken at once or refused in French (the same words as the
 * embedded mode's), released when the job ends. The server drops it with
 * the connection, so a desktop that dies never leaves it behind.
 */
export async function withPostgresJobLock<T>(
  pool: pg.Pool,
  name: JobLockName,
  work: () => Promise<T>,
): Promise<T> {
  const client = await pool.connect()
  const key = `marelle:${name}`
  let held = false
  try {
    const taken = await client.query<{ taken: number }>(
      'SELECT pg_try_advisory_lock(hashtext($1)) AS taken',
      [key],
    )
    if (taken.rows[0]?.taken !== 1) throw new AppError('BUSY', REFUSED[name])
    held = true
    return await work()
  } finally {
    if (held) await client.query('SELECT pg_advisory_unlock(hashtext($1))', [key]).catch(() => {})
    client.release()
  }
}
