import type { Database } from 'better-sqlite3-multiple-ciphers'

/**
 * What a PostgreSQL migration runs its SQL on: one connection, inside the
 * migration's transaction. Parameters are $1, $2…; a text without
 * parameters may hold several statements.
 */
export interface PostgresExecutor {
  query(sql: string, parameters?: readonly unknown[]): Promise<{ rows: Record<string, unknown>[] }>
}

/**
 * One schema change. Frozen once landed: never edit a migration that has
 * shipped, add a new one. Names are timestamps so that they sort in order.
 */
export interface Migration {
  name: string
  up(db: Database): void
  /**
   * The same change on PostgreSQL (docs/architecture.md, « PostgreSQL »).
   * Every migration after the PostgreSQL baseline (db/postgres/baseline)
   * must have it: the PostgreSQL runner and tests/pg/schema-parity.test.ts
   * refuse one without.
   */
  postgres?: { up(db: PostgresExecutor): Promise<void> }
}
