import BetterSqlite3 from 'better-sqlite3-multiple-ciphers'
import { describe, expect, it } from 'vitest'
import { registerSqlFunctions } from '../../src-main/backend/db/sql-functions'

describe('SQL functions SQLite lacks', () => {
  it('bit_or: the bitwise OR of a group, nulls ignored, 0 for no row', () => {
    const sqlite = new BetterSqlite3(':memory:')
    registerSqlFunctions(sqlite)
    const orOf = (values: string) =>
      sqlite.prepare(`SELECT bit_or(x) FROM (SELECT NULL AS x WHERE 0 UNION ALL ${values})`).pluck().get()
    expect(orOf('SELECT 1 UNION ALL SELECT 4 UNION ALL SELECT NULL UNION ALL SELECT 5')).toBe(5)
    expect(orOf('SELECT 31 UNION ALL SELECT 63')).toBe(63)
    expect(sqlite.prepare('SELECT bit_or(1) FROM (SELECT 1 WHERE 0)').pluck().get()).toBe(0)
    sqlite.close()
  })
})
