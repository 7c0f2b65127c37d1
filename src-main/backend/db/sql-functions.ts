import type { Database } from 'better-sqlite3-multiple-ciphers'

/**
 * SQL functions PostgreSQL has and SQLite lacks, so that the same SQL runs
 * on both (docs/architecture.md, « Le stockage »: PostgreSQL is the way out of one desktop).
 * Registered on every connection the back-end opens.
 */
export function registerSqlFunctions(sqlite: Database): void {
  // bit_or(x): bitwise OR of the non-null values of a group; 0 for none.
  sqlite.aggregate('bit_or', {
    start: 0,
    step: (acc: number, value: unknown) =>
      typeof value === 'number' || typeof value === 'bigint' ? acc | Number(value) : acc,
    deterministic: true,
  })
}
