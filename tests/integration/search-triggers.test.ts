import { sql } from 'kysely'
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { commandLineActor } from '../../src-main/backend/auth/actor'
import { inTransaction } from '../../src-main/backend/db/transaction'
import { searchChildren } from '../../src-main/backend/search/children'
import { searchFamilies } from '../../src-main/backend/search/families'
import { createTestBackend, type TestBackend } from '../helpers/backend'
import { onPostgres } from '../helpers/pg-backend'

// Every writer changes families, guardians and children with plain SQL or
// kysely; the triggers alone must keep both indexes right, on both engines.
let backend: TestBackend
const now = '2026-11-27T09:00:00.000Z'

/** Runs plain SQL (both engines) through ctx.db. */
const run = (query: ReturnType<typeof sql>) => query.execute(backend.services.db)
const addFamily = (id: number, number: string) =>
  run(
    sql`INSERT INTO families (id, number, created_at, updated_at) VALUES (${id}, ${number}, ${now}, ${now})`,
  )
const addChild = (id: number, identifier: string, firstName: string) =>
  run(sql`INSERT INTO children (id, family_id, identifier, last_name, first_name, created_at, updated_at)
       VALUES (${id}, 1, ${identifier}, 'Lefèvre', ${firstName}, ${now}, ${now})`)
const count = async (query: ReturnType<typeof sql>) => Number(((await run(query)).rows[0] as { n: number }).n)
const paused = () => count(sql`SELECT paused AS n FROM search_control`)

beforeEach(async () => {
  backend = createTestBackend()
  await addFamily(1, '383300000001')
  await run(sql`INSERT INTO guardians (id, family_id, role, last_name, first_name, mobile_phone, created_at, updated_at)
       VALUES (1, 1, 'responsable', 'Lefèvre', 'Gérard', '0612345678', ${now}, ${now})`)
  await addChild(1, '383305000001', 'Zoé')
})
afterEach(() => backend.dispose())

const ctx = () => backend.context(commandLineActor('test'))
const familyIds = async (query: string) =>
  (await searchFamilies(ctx(), { query, limit: 50, offset: 0 })).rows.map((r) => r.id)
const childNames = async (query: string) =>
  (await searchChildren(ctx(), { query, limit: 50, offset: 0 })).rows.map((r) => r.firstName)

describe('search triggers', () => {
  it('index a guardian inserted, updated and deleted', async () => {
    expect(await familyIds('gerard')).toEqual([1])
    await run(sql`INSERT INTO guardians (id, family_id, role, last_name, first_name, email, created_at, updated_at)
         VALUES (2, 1, 'conjoint', 'Dupont', 'Hélène', 'helene@free.fr', ${now}, ${now})`)
    expect(await familyIds('helene dupont')).toEqual([1])
    expect(await familyIds('helene@free')).toEqual([1])
    await run(
      sql`UPDATE guardians SET last_name = 'Durand', first_name = 'Étienne', mobile_phone = '0798765432' WHERE id = 1`,
    )
    expect(await familyIds('gerard')).toEqual([])
    expect(await familyIds('durand etienne')).toEqual([1])
    expect(await familyIds('06 12 34 56 78')).toEqual([])
    expect(await familyIds('07 98 76 54 32')).toEqual([1])
    expect((await searchFamilies(ctx(), { query: '', limit: 5, offset: 0 })).rows[0].responsableName).toBe(
      'Durand Étienne',
    )
    await run(sql`DELETE FROM guardians WHERE role = 'conjoint'`)
    expect(await familyIds('helene')).toEqual([])
  })

  it('index a child inserted, renamed, moved to another family and deleted', async () => {
    await addFamily(2, '383300000002')
    await addChild(2, '383305000002', 'Léo')
    expect(await familyIds('leo')).toEqual([1])
    expect(await childNames('lefevre')).toEqual(['Léo', 'Zoé'])
    await run(sql`UPDATE children SET first_name = 'Arthur' WHERE id = 2`)
    expect(await familyIds('leo')).toEqual([])
    expect(await childNames('arthur')).toEqual(['Arthur'])
    expect(await childNames('lefevre')).toEqual(['Arthur', 'Zoé'])
    await run(sql`UPDATE children SET family_id = 2 WHERE id = 2`)
    expect(await familyIds('arthur')).toEqual([2])
    expect(await childNames('383300000002')).toEqual(['Arthur'])
    await run(sql`DELETE FROM children WHERE id = 2`)
    expect(await familyIds('arthur')).toEqual([])
    expect(await childNames('arthur')).toEqual([])
    expect((await searchChildren(ctx(), { query: '', limit: 5, offset: 0 })).total).toBe(1)
  })

  it('follow a change of N° famille into the children list, and forget a deleted family', async () => {
    await run(sql`UPDATE families SET number = '383309999999' WHERE id = 1`)
    expect(await familyIds('3833099')).toEqual([1])
    expect(await familyIds('3833000')).toEqual([])
    expect(await childNames('3833099')).toEqual(['Zoé'])
    await run(sql`DELETE FROM families WHERE id = 1`)
    expect(await familyIds('')).toEqual([])
    expect(await familyIds('gerard')).toEqual([])
    expect(await childNames('zoe')).toEqual([])
    expect(await count(sql`SELECT count(*) AS n FROM family_search_order`)).toBe(0)
  })

  // A bulk writer (CSV import, bulk validation) silences them through the storage layer, then rebuilds once.
  const rebuiltAfter = <T>(work: (trx: typeof backend.services.db) => Promise<T>) =>
    inTransaction(backend.services.db, (trx) =>
      backend.services.storage.search.rebuiltAfter(trx, () => work(trx)),
    )

  it('stay silent while a bulk writer pauses them, which then rebuilds once', async () => {
    await rebuiltAfter(async (trx) => {
      await sql`UPDATE guardians SET first_name = 'Bernard' WHERE id = 1`.execute(trx)
      expect((await sql<{ n: number }>`SELECT paused AS n FROM search_control`.execute(trx)).rows[0].n).toBe(
        1,
      )
      expect((await sql`SELECT sort_key FROM family_search_order`.execute(trx)).rows).toEqual([
        { sort_key: 'lefevre gerard 383300000001' },
      ])
    })
    expect(await paused()).toBe(0)
    expect(await familyIds('bernard')).toEqual([1])
    expect(await familyIds('gerard')).toEqual([])
  })

  it('come back on when a paused bulk write fails and rolls back', async () => {
    await expect(
      rebuiltAfter(async () => {
        throw new Error('import failed')
      }),
    ).rejects.toThrow('import failed')
    expect(await paused()).toBe(0)
    // The file's pause refuses to run outside a transaction (a server's is a statement of the caller's).
    if (!onPostgres)
      await expect(
        backend.services.storage.search.rebuiltAfter(backend.services.db, async () => 1),
      ).rejects.toThrow(/inside the caller’s transaction/)
  })

  it('rebuild gives the same answers as the triggers', async () => {
    const before = await searchFamilies(ctx(), { query: 'lef', limit: 50, offset: 0 })
    await rebuiltAfter(async () => {})
    expect(await searchFamilies(ctx(), { query: 'lef', limit: 50, offset: 0 })).toEqual(before)
  })
})
