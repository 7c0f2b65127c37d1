import { sql } from 'kysely'
import { describe, expect, it } from 'vitest'
import { parseInt8, parseNumeric, parseTimestamptz } from '../../src-main/backend/db/postgres/types'
import { describePg, testDatabase } from './helpers'

describe('the parsers of a Marelle pool', () => {
  it('give bigints as numbers, and refuse what a number cannot hold exactly', () => {
    expect(parseInt8('383304832264')).toBe(383304832264)
    expect(parseInt8('-5')).toBe(-5)
    expect(parseInt8(String(Number.MAX_SAFE_INTEGER))).toBe(Number.MAX_SAFE_INTEGER)
    expect(() => parseInt8('9007199254740993')).toThrow(/MAX_SAFE_INTEGER/)
    expect(parseNumeric('12.5')).toBe(12.5)
    expect(() => parseNumeric('99999999999999999999')).toThrow(/exactly/)
  })

  it('give instants as the ISO text SQLite stores', () => {
    expect(parseTimestamptz('2026-12-02 05:23:32.123456+00')).toBe('2026-12-02T05:23:32.123Z')
    expect(parseTimestamptz('2026-12-02 06:23:32+01')).toBe('2026-12-02T05:23:32.000Z')
    expect(parseTimestamptz('2026-12-02 00:00:00-05:30')).toBe('2026-12-02T05:30:00.000Z')
  })
})

describePg('rows written and read through kysely on PostgreSQL', () => {
  const pg = testDatabase()
  const at = '2026-11-27T09:00:00.000Z'

  it('come back with the JavaScript types the services expect', async () => {
    const db = pg.pg.db
    const family = await db
      .insertInto('families')
      .values({ id: 2_000_000_001, number: '383304832264', tax_shares: 2.5, created_at: at, updated_at: at })
      .returning(['id', 'number', 'direct_debit', 'version', 'tax_shares', 'created_at'])
      .executeTakeFirstOrThrow()
    expect(family).toEqual({
      id: 2_000_000_001,
      number: '383304832264',
      direct_debit: 0,
      version: 1,
      tax_shares: 2.5,
      created_at: at,
    })
    const counted = await db
      .selectFrom('families')
      .select((eb) => [eb.fn.countAll<number>().as('n'), eb.fn.max('id').as('top')])
      .executeTakeFirstOrThrow()
    expect(counted).toEqual({ n: 1, top: 2_000_000_001 })
    const computed = await sql<{ twelve: number; flag: number; day: string; instant: string; total: number }>`
      SELECT 383304832264::bigint AS twelve, (1 = 1) AS flag, DATE '2026-12-02' AS day,
        TIMESTAMPTZ '2026-12-02 06:00:00+01' AS instant, sum(x) AS total FROM (VALUES (1::bigint), (2::bigint)) v(x)`.execute(
      db,
    )
    expect(computed.rows[0]).toEqual({
      twelve: 383304832264,
      flag: 1,
      day: '2026-12-02',
      instant: '2026-12-02T05:00:00.000Z',
      total: 3,
    })
  })

  it('refuse a bigint beyond what a JavaScript number holds, rather than round it', async () => {
    await expect(sql`SELECT 9007199254740993::bigint AS n`.execute(pg.pg.db)).rejects.toThrow(
      /MAX_SAFE_INTEGER/,
    )
  })

  it('sort text in byte order, as SQLite does, whatever the server’s locale', async () => {
    const rows = await sql<{
      v: string
    }>`SELECT v FROM (VALUES ('b'), ('B'), ('a-c'), ('ab'), ('É'), ('e')) t(v)
      ORDER BY v COLLATE "C"`.execute(pg.pg.db)
    expect(rows.rows.map((r) => r.v)).toEqual(['B', 'a-c', 'ab', 'b', 'e', 'É'])
    const staff = {
      display_name: 'A',
      role: 'agent' as const,
      password_hash: 'x',
      created_at: at,
      updated_at: at,
    }
    await pg.pg.db
      .insertInto('staff')
      .values({ login: 'Marie', ...staff })
      .execute()
    // COLLATE NOCASE: a second login that differs only by case is refused, and found by equality.
    await expect(
      pg.pg.db
        .insertInto('staff')
        .values({ login: 'MARIE', ...staff })
        .execute(),
    ).rejects.toThrow(/duplicate key/)
    const found = await pg.pg.db.selectFrom('staff').select('login').where('login', '=', 'marie').execute()
    expect(found).toEqual([{ login: 'Marie' }])
  })
})
