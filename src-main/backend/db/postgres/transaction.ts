import type { DB } from '@db/schema'
import type { Kysely } from 'kysely'

/** serialization_failure and deadlock_detected: the server undid the transaction, running it again may succeed. */
const RETRIED = new Set(['40001', '40P01'])

export interface SerializableOptions {
  /** Runs of the body in all (the first and the retries). */
  attempts?: number
  /** Waits between runs, ms: a random time up to this, times the run's number. */
  backoffMs?: number
}

/**
 * One write transaction on PostgreSQL (the storage layer's transaction,
 * docs/architecture.md « PostgreSQL »): SERIALIZABLE, so that two desktops
 * deciding the same request or taking the next N° famille never both
 * succeed on what the other changed; the body is run again when the server
 * refuses to serialize it or breaks a deadlock, a few times with a short
 * random wait. The body must have no effect outside the database. After the
 * last run the server's error is thrown (errorOf: « base occupée »).
 */
export async function serializable<T>(
  db: Kysely<DB>,
  work: (trx: Kysely<DB>) => Promise<T>,
  options: SerializableOptions = {},
): Promise<T> {
  const attempts = options.attempts ?? 5
  const backoff = options.backoffMs ?? 20
  for (let attempt = 1; ; attempt++) {
    try {
      return await db.transaction().setIsolationLevel('serializable').execute(work)
    } catch (error) {
      const code = (error as { code?: unknown } | null)?.code
      if (attempt >= attempts || typeof code !== 'string' || !RETRIED.has(code)) throw error
      await new Promise((resolve) => setTimeout(resolve, Math.random() * backoff * attempt))
    }
  }
}
