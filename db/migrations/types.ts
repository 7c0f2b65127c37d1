import type { Database } from 'better-sqlite3-multiple-ciphers'

/**
 * One schema change. Frozen once landed: never edit a migration that has
 * shipped, add a new one. Names are timestamps so that they sort in order.
 */
export interface Migration {
  name: string
  up(db: Database): void
}
