import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { CompiledQuery } from 'kysely'
import { afterAll, beforeAll, expect, it } from 'vitest'
import { migrate } from '../../src-main/backend/db/migrate'
import { type OpenDatabase, openDatabase } from '../../src-main/backend/db/open'
import { describePg, testDatabase } from './helpers'
import { SNAPSHOT, writeScenario } from './scenario'

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

  for (const [name, query] of Object.entries(SNAPSHOT))
    it(name, async () => {
      const read = async (db: OpenDatabase['db']) => (await db.executeQuery(CompiledQuery.raw(query))).rows
      const expected = await read(sqlite.db)
      expect(expected.length).toBeGreaterThan(0)
      expect(await read(pg.pg.db)).toEqual(expected)
    })
})
