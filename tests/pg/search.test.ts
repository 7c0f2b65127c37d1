import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import type { DB } from '@db/schema'
import type { Kysely } from 'kysely'
import { afterAll, beforeAll, expect, it } from 'vitest'
import type { HandlerContext } from '../../src-main/backend/context'
import { migrate } from '../../src-main/backend/db/migrate'
import { type OpenDatabase, openDatabase } from '../../src-main/backend/db/open'
import { postgresSearch } from '../../src-main/backend/db/postgres/search'
import { searchChildren } from '../../src-main/backend/search/children'
import { searchFamilies } from '../../src-main/backend/search/families'
import { describePg, testDatabase } from './helpers'
import { writeScenario } from './scenario'

// The same search cases on FTS5 and on PostgreSQL: same rows, same order,
// same totals (the two indexes are written by the same writes).

const at = '2026-11-27T09:00:00.000Z'
const NAMES: [string, string][] = [
  ['Jean-Pierre', 'Lefèvre'],
  ['Aïcha', "N'Diaye"],
  ['Élodie', 'Müller'],
  ['Søren', 'Ørsted'],
  ['Noël', 'Da Silva'],
  ['François', 'Lefebvre'],
]

async function moreFamilies(db: Kysely<DB>): Promise<void> {
  for (let i = 0; i < 30; i++) {
    const [first, last] = NAMES[i % NAMES.length]
    const number = String(383304900000 + i)
    const family = await db
      .insertInto('families')
      .values({ number, created_at: at, updated_at: at })
      .returning('id')
      .executeTakeFirstOrThrow()
    await db
      .insertInto('guardians')
      .values({
        family_id: family.id,
        role: 'responsable',
        last_name: last,
        first_name: first,
        mobile_phone: `06${String(12345600 + i).padStart(8, '0')}`,
        email: `${first.toLowerCase()}.${i}@exemple.fr`,
        created_at: at,
        updated_at: at,
      })
      .execute()
    await db
      .insertInto('children')
      .values({
        family_id: family.id,
        identifier: String(200000000000 + i),
        last_name: last,
        first_name: i % 2 ? 'Léo' : 'Chloé',
        left_on: i % 7 === 0 ? '2026-09-01' : null,
        created_at: at,
        updated_at: at,
      })
      .execute()
  }
}

const QUERIES = [
  '',
  'dup',
  'DUPONT léa',
  'emilie',
  'émi',
  'gerard',
  'angstrom',
  'x.fr',
  'e@x',
  '0612',
  '06 12 34 56',
  '3833',
  '383304832264',
  '100000000003',
  'jean',
  'pierre',
  'jean-pierre',
  "n'diaye",
  'diaye',
  'muller',
  'mül',
  'ors',
  'lef',
  'da silva',
  'exemple',
  'chloe leo',
  'zzz',
]

describePg('the Familles and Enfants lists on PostgreSQL and on SQLite', () => {
  const pg = testDatabase()
  let dir: string
  let sqlite: OpenDatabase
  const clock = { now: () => new Date(at) }
  // The server twice: as it runs, and with the alphabetical order always joined whole, the way it
  // reads a page when more than FEW_MATCHES rows match (db/postgres/search.ts).
  const contexts = () =>
    [sqlite, pg.pg, { ...pg.pg, storage: { ...pg.pg.storage, search: postgresSearch(pg.pg.db, -1) } }].map(
      (o) => ({ db: o.db, storage: o.storage, clock, actor: null }) as unknown as HandlerContext,
    )
  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'marelle-pg-search-'))
    sqlite = openDatabase(join(dir, 'marelle.db'))
    migrate(sqlite.sqlite)
    for (const db of [sqlite.db, pg.pg.db]) {
      // The scenario last: it deletes the newest child, whose id SQLite would give again (rowid) and PostgreSQL not.
      await moreFamilies(db)
      await writeScenario(db)
    }
  })
  afterAll(async () => {
    await sqlite?.close()
    rmSync(dir, { recursive: true, force: true })
  })

  for (const query of QUERIES)
    it(`find the same for « ${query} »`, async () => {
      const [lite, server, joined] = contexts()
      for (const request of [
        { query, limit: 10, offset: 0 },
        { query, limit: 10, offset: 10 },
        { query, limit: 50, offset: 0, includeArchived: true },
      ]) {
        const families = await searchFamilies(lite, request)
        expect(await searchFamilies(server, request)).toEqual(families)
        expect(await searchFamilies(joined, request)).toEqual(families)
        const children = await searchChildren(lite, request)
        expect(await searchChildren(server, request)).toEqual(children)
        expect(await searchChildren(joined, request)).toEqual(children)
      }
    })

  it('has cases that find something, and cases that leave archived families out', async () => {
    const [lite] = contexts()
    expect((await searchFamilies(lite, { query: 'lef', limit: 50, offset: 0 })).rows.length).toBeGreaterThan(
      5,
    )
    expect((await searchFamilies(lite, { query: '', limit: 50, offset: 0 })).archivedLeftOut).toBeGreaterThan(
      0,
    )
    expect(
      (await searchChildren(lite, { query: 'chloe', limit: 50, offset: 0 })).archivedLeftOut,
    ).toBeGreaterThan(0)
  })
})
