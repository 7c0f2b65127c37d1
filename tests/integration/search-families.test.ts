import type { DB } from '@db/schema'
import { type Kysely, sql } from 'kysely'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { Session } from '../../src-main/backend/context'
import type { ChildListRow, FamilyListRow, SearchPage } from '../../src-shared/contract/search'
import { createTestBackend, signedInAdmin, type TestBackend } from '../helpers/backend'

// The families are written with plain SQL, as any writer (edit services, CSV
// import, request queue) would: the search knows them through its triggers.
let backend: TestBackend
let session: Session

interface Guardian {
  role: 'responsable' | 'conjoint'
  last: string
  first: string
  mobile?: string
  email?: string
  city?: string
}

async function addFamily(
  db: Kysely<DB>,
  number: string,
  guardians: Guardian[],
  children: [string, string, string][],
) {
  const now = '2026-11-27T09:00:00.000Z'
  const { id } = await db
    .insertInto('families')
    .values({ number, created_at: now, updated_at: now })
    .returning('id')
    .executeTakeFirstOrThrow()
  for (const g of guardians)
    await db
      .insertInto('guardians')
      .values({
        family_id: id,
        role: g.role,
        last_name: g.last,
        first_name: g.first,
        mobile_phone: g.mobile ?? null,
        email: g.email ?? null,
        city: g.city ?? null,
        created_at: now,
        updated_at: now,
      })
      .execute()
  for (const [identifier, last, first] of children)
    await db
      .insertInto('children')
      .values({
        family_id: id,
        identifier,
        last_name: last,
        first_name: first,
        school: 'École élémentaire Jules Ferry',
        class_level: 'CP',
        created_at: now,
        updated_at: now,
      })
      .execute()
  return id
}

const families = (query: string, limit = 50, offset = 0) =>
  backend.call<SearchPage<FamilyListRow>>('families/search', { query, limit, offset }, session)
const children = (query: string, limit = 50, offset = 0) =>
  backend.call<SearchPage<ChildListRow>>('children/search', { query, limit, offset }, session)
const numbers = async (query: string) => (await families(query)).rows.map((r) => r.number)

beforeAll(async () => {
  backend = createTestBackend()
  session = await signedInAdmin(backend)
  const { db } = backend.services
  const first = await addFamily(
    db,
    '383304832264',
    [
      {
        role: 'responsable',
        last: 'Lefèvre',
        first: 'Gérard',
        mobile: '0612345678',
        email: 'gerard.lefevre@orange.fr',
        city: 'BIVIERS',
      },
      { role: 'conjoint', last: 'Dupont', first: 'Hélène', mobile: '+41791234567' },
    ],
    [['383306398666', 'Lefèvre', 'Zoé']],
  )
  await addFamily(
    db,
    '383300000001',
    [
      {
        role: 'responsable',
        last: 'Martin',
        first: 'Jean-Pierre',
        mobile: '0798765432',
        email: 'jp.martin@free.fr',
      },
    ],
    [
      ['383305000001', 'Martin', 'Léo'],
      ['383305000002', 'Martin', 'Chloé'],
    ],
  )
  await addFamily(db, '383300000002', [{ role: 'responsable', last: 'Émery', first: 'Noël' }], [])
  await addFamily(db, '383300000003', [{ role: 'responsable', last: "D'Arc", first: 'Jeanne' }], [])
  await addFamily(db, '383300000004', [{ role: 'responsable', last: 'Zola', first: 'Émile' }], [])
  await sql`INSERT INTO requests (ref, channel, submitted_at, submitted_at_utc, received_at, family_id, kind, payload,
         created_at, updated_at)
       VALUES ('P-1', 'portail', 'x', 'x', 'x', ${first}, 'responsable.update', '{}', 'x', 'x'),
              ('P-2', 'portail', 'x', 'x', 'x', ${first}, 'responsable.update', '{}', 'x', 'x')`.execute(db)
  await sql`UPDATE requests SET state = 'validated' WHERE ref = 'P-2'`.execute(db)
})
afterAll(() => backend.dispose())

describe('families/search', () => {
  it('lists every family in name order, accents sorting with their letter, with the list columns', async () => {
    const page = await families('')
    expect(page.total).toBe(5)
    expect(page.rows.map((r) => r.responsableName)).toEqual([
      "D'Arc Jeanne",
      'Émery Noël',
      'Lefèvre Gérard',
      'Martin Jean-Pierre',
      'Zola Émile',
    ])
    expect(page.rows[2]).toEqual({
      id: 1,
      number: '383304832264',
      responsableName: 'Lefèvre Gérard',
      conjointName: 'Dupont Hélène',
      city: 'BIVIERS',
      mobile: '0612345678',
      email: 'gerard.lefevre@orange.fr',
      childrenCount: 1,
      pendingRequests: 1,
      archived: false,
    })
  })

  it('pages through the list', async () => {
    const first = await families('', 2, 0)
    const second = await families('', 2, 2)
    const last = await families('', 2, 4)
    expect(first.total).toBe(5)
    expect([...first.rows, ...second.rows, ...last.rows].map((r) => r.responsableName)).toEqual(
      (await families('')).rows.map((r) => r.responsableName),
    )
    expect(last.rows).toHaveLength(1)
    expect((await families('', 2, 10)).rows).toEqual([])
  })

  it('ignores accents and case, matches each word as a prefix', async () => {
    expect(await numbers('gerard')).toEqual(['383304832264'])
    expect(await numbers('GÉRARD LEFEVRE')).toEqual(['383304832264'])
    expect(await numbers('lef')).toEqual(['383304832264'])
    expect(await numbers('emery')).toEqual(['383300000002'])
    expect(await numbers('helene')).toEqual(['383304832264'])
    expect(await numbers('jean-pierre')).toEqual(['383300000001'])
    expect(await numbers('jean pierre mar')).toEqual(['383300000001'])
    expect(await numbers("d'arc")).toEqual(['383300000003'])
    expect(await numbers('gerard martin')).toEqual([])
  })

  it("finds a family by its children's names and Identifiants", async () => {
    expect(await numbers('zoe')).toEqual(['383304832264'])
    expect(await numbers('chloe')).toEqual(['383300000001'])
    expect(await numbers('3833063')).toEqual(['383304832264'])
  })

  it('finds a phone number however it is typed', async () => {
    for (const typed of [
      '0612345678',
      '06 12 34 56 78',
      '06.12.34.56.78',
      '06-12-34-56-78',
      '+33 6 12 34 56 78',
      '+33612345678',
      '0033 6 12 34 56 78',
      '+33 (0)6 12 34 56 78',
      '06 12 34',
    ])
      expect(await numbers(typed), typed).toEqual(['383304832264'])
    expect(await numbers('07 98 76')).toEqual(['383300000001'])
    expect(await numbers('+41 79 123 45 67')).toEqual(['383304832264'])
  })

  it('finds a family by a part of its N° or an e-mail', async () => {
    expect(await numbers('3833048')).toEqual(['383304832264'])
    expect(await numbers('3833 0483')).toEqual(['383304832264'])
    expect((await numbers('38330')).length).toBe(5)
    expect(await numbers('jp.martin@free.fr')).toEqual(['383300000001'])
    expect(await numbers('gerard.lefevre@')).toEqual(['383304832264'])
  })

  it('never fails on FTS syntax characters', async () => {
    for (const typed of [
      '"',
      'lef"',
      '*',
      'gerard*',
      '(lef',
      'lef)',
      'NOT',
      'AND OR',
      'NEAR(a b)',
      'a:b',
      '^lef',
      '-lef',
      '+',
      '{}',
      "''",
      '\\',
      '%_',
    ])
      await expect(families(typed), typed).resolves.toBeDefined()
    expect(await numbers('gerard*')).toEqual(['383304832264'])
    expect(await numbers('^lef')).toEqual(['383304832264'])
    expect(await numbers('"lefevre"')).toEqual(['383304832264'])
    expect((await families('*')).total).toBe(5)
  })

  it('refuses a page size out of bounds with a French message', async () => {
    await expect(families('', 0)).rejects.toThrow(/Nombre de lignes/)
  })
})

describe('children/search', () => {
  it('lists children in name order with their family and school', async () => {
    const page = await children('')
    expect(page.total).toBe(3)
    expect(page.rows.map((r) => `${r.lastName} ${r.firstName}`)).toEqual([
      'Lefèvre Zoé',
      'Martin Chloé',
      'Martin Léo',
    ])
    expect(page.rows[0]).toMatchObject({
      identifier: '383306398666',
      familyNumber: '383304832264',
      school: 'École élémentaire Jules Ferry',
      classLevel: 'CP',
      pai: false,
      allergy: false,
    })
  })

  it('finds children by name, Identifiant or N° famille, without accents', async () => {
    expect((await children('leo')).rows.map((r) => r.identifier)).toEqual(['383305000001'])
    expect((await children('martin')).total).toBe(2)
    expect((await children('383305000002')).rows.map((r) => r.firstName)).toEqual(['Chloé'])
    expect((await children('3833000000')).total).toBe(2)
    expect((await children('"(')).total).toBe(3)
  })

  it('flags allergies and PAI', async () => {
    const { db } = backend.services
    await sql`UPDATE children SET pai = 1, pai_valid_until = '2027-07-04' WHERE identifier = '383305000001'`.execute(
      db,
    )
    await sql`INSERT INTO health_conditions (child_id, kind, label, allergen, created_at, updated_at)
         SELECT id, 'allergie', 'Arachides', 'peanuts', 'x', 'x' FROM children WHERE identifier = '383305000001'`.execute(
      db,
    )
    expect((await children('leo')).rows[0]).toMatchObject({
      pai: true,
      paiValidUntil: '2027-07-04',
      allergy: true,
    })
  })
})
