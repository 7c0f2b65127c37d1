import type { Database } from 'better-sqlite3-multiple-ciphers'
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { commandLineActor } from '../../src-main/backend/auth/actor'
import { searchChildren } from '../../src-main/backend/search/children'
import { searchFamilies } from '../../src-main/backend/search/families'
import { rebuildFamilySearch, withFamilySearchPaused } from '../../src-main/backend/search/maintenance'
import { createTestBackend, type TestBackend } from '../helpers/backend'

// Every writer changes families, guardians and children with plain SQL or
// kysely; the triggers alone must keep both indexes right.
let backend: TestBackend
let sqlite: Database
const now = '2026-11-27T09:00:00.000Z'

const addFamily = (id: number, number: string) =>
  sqlite
    .prepare('INSERT INTO families (id, number, created_at, updated_at) VALUES (?, ?, ?, ?)')
    .run(id, number, now, now)
const addChild = (id: number, identifier: string, firstName: string) =>
  sqlite
    .prepare(
      `INSERT INTO children (id, family_id, identifier, last_name, first_name, created_at, updated_at)
       VALUES (?, 1, ?, 'Lefèvre', ?, ?, ?)`,
    )
    .run(id, identifier, firstName, now, now)

beforeEach(() => {
  backend = createTestBackend()
  sqlite = backend.services.sqlite
  addFamily(1, '383300000001')
  sqlite
    .prepare(
      `INSERT INTO guardians (id, family_id, role, last_name, first_name, mobile_phone, created_at, updated_at)
       VALUES (1, 1, 'responsable', 'Lefèvre', 'Gérard', '0612345678', ?, ?)`,
    )
    .run(now, now)
  addChild(1, '383305000001', 'Zoé')
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
    sqlite
      .prepare(
        `INSERT INTO guardians (family_id, role, last_name, first_name, email, created_at, updated_at)
         VALUES (1, 'conjoint', 'Dupont', 'Hélène', 'helene@free.fr', ?, ?)`,
      )
      .run(now, now)
    expect(await familyIds('helene dupont')).toEqual([1])
    expect(await familyIds('helene@free')).toEqual([1])
    sqlite
      .prepare(
        "UPDATE guardians SET last_name = 'Durand', first_name = 'Étienne', mobile_phone = '0798765432' WHERE id = 1",
      )
      .run()
    expect(await familyIds('gerard')).toEqual([])
    expect(await familyIds('durand etienne')).toEqual([1])
    expect(await familyIds('06 12 34 56 78')).toEqual([])
    expect(await familyIds('07 98 76 54 32')).toEqual([1])
    expect((await searchFamilies(ctx(), { query: '', limit: 5, offset: 0 })).rows[0].responsableName).toBe(
      'Durand Étienne',
    )
    sqlite.prepare("DELETE FROM guardians WHERE role = 'conjoint'").run()
    expect(await familyIds('helene')).toEqual([])
  })

  it('index a child inserted, renamed, moved to another family and deleted', async () => {
    addFamily(2, '383300000002')
    addChild(2, '383305000002', 'Léo')
    expect(await familyIds('leo')).toEqual([1])
    expect(await childNames('lefevre')).toEqual(['Léo', 'Zoé'])
    sqlite.prepare("UPDATE children SET first_name = 'Arthur' WHERE id = 2").run()
    expect(await familyIds('leo')).toEqual([])
    expect(await childNames('arthur')).toEqual(['Arthur'])
    expect(await childNames('lefevre')).toEqual(['Arthur', 'Zoé'])
    sqlite.prepare('UPDATE children SET family_id = 2 WHERE id = 2').run()
    expect(await familyIds('arthur')).toEqual([2])
    expect(await childNames('383300000002')).toEqual(['Arthur'])
    sqlite.prepare('DELETE FROM children WHERE id = 2').run()
    expect(await familyIds('arthur')).toEqual([])
    expect(await childNames('arthur')).toEqual([])
    expect((await searchChildren(ctx(), { query: '', limit: 5, offset: 0 })).total).toBe(1)
  })

  it('follow a change of N° famille into the children list, and forget a deleted family', async () => {
    sqlite.prepare("UPDATE families SET number = '383309999999' WHERE id = 1").run()
    expect(await familyIds('3833099')).toEqual([1])
    expect(await familyIds('3833000')).toEqual([])
    expect(await childNames('3833099')).toEqual(['Zoé'])
    sqlite.prepare('DELETE FROM families WHERE id = 1').run()
    expect(await familyIds('')).toEqual([])
    expect(await familyIds('gerard')).toEqual([])
    expect(await childNames('zoe')).toEqual([])
    expect(sqlite.prepare('SELECT count(*) FROM family_search_order').pluck().get()).toBe(0)
  })

  it('stay silent while a bulk writer pauses them, which then rebuilds once', async () => {
    sqlite.exec('BEGIN')
    withFamilySearchPaused(sqlite, () => {
      sqlite.prepare("UPDATE guardians SET first_name = 'Bernard' WHERE id = 1").run()
      expect(sqlite.prepare('SELECT paused FROM search_control').pluck().get()).toBe(1)
      expect(
        sqlite
          .prepare(`SELECT count(*) FROM family_search WHERE family_search MATCH '"bernard"'`)
          .pluck()
          .get(),
      ).toBe(0)
    })
    sqlite.exec('COMMIT')
    expect(sqlite.prepare('SELECT paused FROM search_control').pluck().get()).toBe(0)
    expect(await familyIds('bernard')).toEqual([1])
    expect(await familyIds('gerard')).toEqual([])
  })

  it('come back on when a paused bulk write fails and rolls back', () => {
    sqlite.exec('BEGIN')
    expect(() =>
      withFamilySearchPaused(sqlite, () => {
        throw new Error('import failed')
      }),
    ).toThrow('import failed')
    sqlite.exec('ROLLBACK')
    expect(sqlite.prepare('SELECT paused FROM search_control').pluck().get()).toBe(0)
    expect(() => withFamilySearchPaused(sqlite, () => 1)).toThrow(/inside a transaction/)
  })

  it('rebuild gives the same answers as the triggers', async () => {
    const before = await searchFamilies(ctx(), { query: 'lef', limit: 50, offset: 0 })
    rebuildFamilySearch(sqlite)
    expect(await searchFamilies(ctx(), { query: 'lef', limit: 50, offset: 0 })).toEqual(before)
  })
})
