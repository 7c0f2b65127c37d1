import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { CompiledQuery } from 'kysely'
import { afterAll, beforeAll, expect, it } from 'vitest'
import { migrate } from '../../src-main/backend/db/migrate'
import { type OpenDatabase, openDatabase } from '../../src-main/backend/db/open'
import { describePg, testDatabase } from './helpers'
import { SEARCH_TABLES } from './introspect'
import { SNAPSHOT, writeScenario } from './scenario'

const AT = '2026-11-27T09:00:00.000Z'

/** Columns that differ by nature: a random id, and the instants the shipped rows were written at (each migration's own). */
const DIFFERS = [
  'messages.public_id',
  'school_holidays.created_at',
  'school_holidays.updated_at',
  'message_templates.created_at',
  'message_templates.updated_at',
]

describePg('the triggers on PostgreSQL derive what they derive on SQLite', () => {
  const pg = testDatabase()
  let dir: string
  let sqlite: OpenDatabase
  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'marelle-pg-'))
    sqlite = openDatabase(join(dir, 'marelle.db'))
    migrate(sqlite.sqlite)
    await writeScenario(sqlite.db)
    await writeScenario(pg.pg.db)
  })
  afterAll(async () => {
    await sqlite?.close()
    rmSync(dir, { recursive: true, force: true })
  })

  // Every table, row by row: a trigger added later without the same effect on both engines fails here.
  it('every table holds the same rows', async () => {
    const tables = sqlite.sqlite
      .prepare(
        "SELECT name FROM sqlite_schema WHERE type = 'table' AND name NOT LIKE 'sqlite%' ORDER BY name",
      )
      .pluck()
      .all() as string[]
    let compared = 0
    for (const table of tables.filter((t) => !SEARCH_TABLES.test(t) && t !== 'schema_migrations')) {
      const columns = (sqlite.sqlite.pragma(`table_info("${table}")`) as { name: string }[])
        .map((c) => c.name)
        .filter((c) => !DIFFERS.includes(`${table}.${c}`))
      const query = `SELECT ${columns.join(', ')} FROM ${table} ORDER BY ${columns.map((_, i) => i + 1).join(', ')}`
      const read = async (db: OpenDatabase['db']) => (await db.executeQuery(CompiledQuery.raw(query))).rows
      const expected = await read(sqlite.db)
      expect({ table, rows: await read(pg.pg.db) }).toEqual({ table, rows: expected })
      compared += expected.length
    }
    expect(compared).toBeGreaterThan(300)
  })

  for (const [name, query] of Object.entries(SNAPSHOT))
    it(name, async () => {
      const read = async (db: OpenDatabase['db']) => (await db.executeQuery(CompiledQuery.raw(query))).rows
      const expected = await read(sqlite.db)
      expect(expected.length).toBeGreaterThan(0)
      expect(await read(pg.pg.db)).toEqual(expected)
    })

  // The request counters fire per row on SQLite and per statement on
  // PostgreSQL (migration request-counts-per-statement): statements of many
  // requests, chosen by ref (ids differ by engine), leave the same counter rows.
  it('request counters after statements of many requests', async () => {
    const counters = async (db: OpenDatabase['db']) => ({
      state: (
        await db.executeQuery(CompiledQuery.raw('SELECT state, n FROM request_state_counts ORDER BY 1'))
      ).rows,
      kind: (
        await db.executeQuery(
          CompiledQuery.raw('SELECT state, kind, n, needs_review FROM request_kind_counts ORDER BY 1, 2'),
        )
      ).rows,
    })
    const refs = (from: number, to: number, step = 1) =>
      Array.from({ length: Math.ceil((to - from) / step) }, (_, i) => `MANY-${from + i * step}`)
    const write = async (db: OpenDatabase['db']) => {
      const family = (
        await db
          .insertInto('families')
          .values({ number: '900000000099', created_at: AT, updated_at: AT })
          .returning('id')
          .executeTakeFirstOrThrow()
      ).id
      await db
        .insertInto('requests')
        .values(
          Array.from({ length: 300 }, (_, i) => ({
            ref: `MANY-${i}`,
            channel: 'portail' as const,
            submitted_at: AT,
            submitted_at_utc: AT,
            received_at: AT,
            family_id: family,
            child_id: null,
            kind: ['caf.update', 'health.add', 'bank.update'][i % 3],
            payload: '{}',
            needs_review: i % 4 === 0 ? 1 : 0,
            state: i % 10 === 0 ? ('refused' as const) : ('pending' as const),
            decided_at: i % 10 === 0 ? AT : null,
            created_at: AT,
            updated_at: AT,
          })),
        )
        .execute()
      await db
        .updateTable('requests')
        .set((eb) => ({
          state: 'validated',
          decided_at: AT,
          kind: eb.case().when('kind', '=', 'bank.update').then('fiscal.update').else(eb.ref('kind')).end(),
        }))
        .where('ref', 'in', refs(0, 120))
        .execute()
      await db
        .updateTable('requests')
        .set((eb) => ({ needs_review: eb(eb.val(1), '-', eb.ref('needs_review')) }))
        .where('ref', 'in', refs(100, 200))
        .execute()
      await db.updateTable('requests').set({ comment: 'vu' }).where('ref', 'in', refs(0, 300)).execute()
      await db
        .deleteFrom('requests')
        .where('ref', 'in', refs(0, 300, 3))
        .execute()
    }
    await write(sqlite.db)
    await write(pg.pg.db)
    const expected = await counters(sqlite.db)
    expect(expected.kind.length).toBeGreaterThan(8)
    expect(await counters(pg.pg.db)).toEqual(expected)
  })
})
