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
})
