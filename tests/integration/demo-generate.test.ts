import { createRequire } from 'node:module'
import { isValidBIC, isValidIBAN } from 'ibantools'
import { CompiledQuery } from 'kysely'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { commandLineActor } from '../../src-main/backend/auth/actor'
import { generateDemo } from '../../src-main/backend/demo/generate'
import { postalCity } from '../../src-main/backend/places/communes'
import { searchFamilies } from '../../src-main/backend/search/families'
import { ALLERGENS, DIETS } from '../../src-shared/domain/health'
import { RELATIONSHIPS } from '../../src-shared/domain/people'
import { vaccineStatus } from '../../src-shared/domain/vaccine-status'
import { normalizePhone } from '../../src-shared/validation/values'
import { createTestBackend, type TestBackend } from '../helpers/backend'
import { onPostgres } from '../helpers/pg-backend'

// Read through the storage layer's kysely, so that the file runs on either
// engine (MARELLE_TEST_DB=postgres: scripts/pg-suite.mjs); the SQL is what
// both run, ? for parameters.

const FAMILIES = 300
const actor = commandLineActor('test')
let first: TestBackend
let second: TestBackend

async function rowsOf<T>(backend: TestBackend, text: string, params: unknown[]): Promise<T[]> {
  let n = 0
  const compiled = onPostgres ? text.replace(/\?/g, () => `$${++n}`) : text
  return (await backend.services.db.executeQuery<T>(CompiledQuery.raw(compiled, params))).rows
}
// biome-ignore lint/suspicious/noExplicitAny: rows of any query, checked by the expectations
const all = <T = Record<string, any>>(sql: string, ...params: unknown[]) => rowsOf<T>(first, sql, params)
const column = async (sql: string) =>
  (await rowsOf<Record<string, unknown>>(first, sql, [])).map((row) => Object.values(row)[0] as string | null)

/** Each table in the order of its key (the search orders are keyed by their family's or child's id). */
const DATA_TABLES = [
  ['structures', 'id'],
  ['services', 'id'],
  ['families', 'id'],
  ['family_quotients', 'id'],
  ['guardians', 'id'],
  ['children', 'id'],
  ['authorized_persons', 'id'],
  ['vaccinations', 'id'],
  ['health_conditions', 'id'],
  ['enrolments', 'id'],
  ['family_search_order', 'family_id'],
  ['child_search_order', 'child_id'],
]
async function dump(backend: TestBackend): Promise<string> {
  const tables: string[] = []
  for (const [table, key] of DATA_TABLES)
    tables.push(JSON.stringify(await rowsOf(backend, `SELECT * FROM ${table} ORDER BY ${key}`, [])))
  return tables.join('\n')
}

beforeAll(async () => {
  first = createTestBackend()
  second = createTestBackend()
  await generateDemo(first.context(actor), { families: FAMILIES, seed: 'essai' })
  await generateDemo(second.context(actor), { families: FAMILIES, seed: 'essai' })
})
afterAll(async () => {
  await first.dispose()
  await second.dispose()
})

describe('demo data', () => {
  it('is the same for the same seed, and differs for another', async () => {
    expect(await dump(second)).toBe(await dump(first))
    const other = createTestBackend()
    try {
      await generateDemo(other.context(actor), { families: FAMILIES, seed: 'autre' })
      expect(await dump(other)).not.toBe(await dump(first))
    } finally {
      await other.dispose()
    }
  })

  it('holds the TEST family exactly as the seed shows it', async () => {
    const [family] = await all("SELECT * FROM families WHERE number = '383304832264'")
    expect(family).toMatchObject({
      caf_organisation: null,
      caf_number: null,
      iban: null,
      bank_holder: null,
      direct_debit: 0,
    })
    const guardians = await all('SELECT * FROM guardians WHERE family_id = ? ORDER BY role DESC', family.id)
    const blank = {
      quality: null,
      marital_status: null,
      address_line1: null,
      address_line2: null,
      address_line3: null,
      locality: null,
      home_phone: null,
      work_phone: null,
      mobile_phone: null,
      email: null,
      profession: null,
      csp: null,
      employer: null,
      employer_address: null,
      postal_code: '38330',
      city: 'BIVIERS',
      consent_email: 1,
      consent_sms: 1,
    }
    expect(guardians).toHaveLength(2)
    expect(guardians[0]).toMatchObject({
      role: 'responsable',
      civility: 'monsieur',
      last_name: 'TEST',
      first_name: 'TEST',
      ...blank,
    })
    expect(guardians[1]).toMatchObject({
      role: 'conjoint',
      last_name: 'MME TEST',
      first_name: 'TEST',
      ...blank,
    })
    const children = await all('SELECT * FROM children WHERE family_id = ?', family.id)
    expect(children).toHaveLength(1)
    expect(children[0]).toMatchObject({
      identifier: '383306398666',
      last_name: 'TEST',
      first_name: 'ENFANT',
      birth_date: null,
      school: null,
    })
    const persons = await all(
      'SELECT last_name, first_name, relationship, phone, mobile, can_pick_up FROM authorized_persons WHERE child_id = ? ORDER BY id',
      children[0].id,
    )
    expect(persons).toEqual([
      {
        last_name: 'VOISNE',
        first_name: 'TEST',
        relationship: 'voisin',
        phone: '0612345678',
        mobile: null,
        can_pick_up: 1,
      },
      {
        last_name: 'PLRI',
        first_name: 'TEST',
        relationship: 'grand_pere',
        phone: '0606060606',
        mobile: null,
        can_pick_up: 1,
      },
    ])
    expect(
      await column(
        `SELECT s.name FROM enrolments e JOIN services s ON s.id = e.service_id WHERE e.child_id = ${children[0].id} ORDER BY s.id`,
      ),
    ).toEqual(['Accueil du matin', 'Accueil du soir', 'Repas'])
    expect(await all('SELECT count(*) AS n FROM vaccinations WHERE child_id = ?', children[0].id)).toEqual([
      { n: 0 },
    ])
    // The seed's two pending requests of 03/07/2017, in the queue with their lines.
    expect(await all('SELECT ref, kind, state, child_id, needs_review FROM requests ORDER BY ref')).toEqual([
      {
        ref: 'P-20170703-000017',
        kind: 'responsable.update',
        state: 'pending',
        child_id: null,
        needs_review: 0,
      },
      {
        ref: 'P-20170703-000018',
        kind: 'vaccination.add',
        state: 'pending',
        child_id: children[0].id,
        needs_review: 1,
      },
    ])
    expect(await column('SELECT field FROM request_items ORDER BY request_id, position')).toEqual([
      'email',
      'vaccin',
      'date',
      'date_rappel',
    ])
  })

  it('builds the Biviers structure, zone A, and its services', async () => {
    expect(await all('SELECT name, zone FROM structures')).toEqual([
      { name: 'Ecoles de Biviers - Périscolaire', zone: 'A' },
    ])
    expect(await all('SELECT name, kind FROM services ORDER BY id')).toEqual([
      { name: 'Accueil du matin', kind: 'accueil_matin' },
      { name: 'Accueil du soir', kind: 'accueil_soir' },
      { name: 'Repas', kind: 'restauration' },
    ])
  })

  it('gives each family one responsable, at most one conjoint, 1 to 3 children, unique 12-digit numbers', async () => {
    expect(await column('SELECT count(*) FROM families')).toEqual([FAMILIES + 1])
    const shapes = await all<{ responsables: number; conjoints: number; children: number }>(`
      SELECT (SELECT count(*) FROM guardians g WHERE g.family_id = f.id AND role = 'responsable') AS responsables,
             (SELECT count(*) FROM guardians g WHERE g.family_id = f.id AND role = 'conjoint') AS conjoints,
             (SELECT count(*) FROM children c WHERE c.family_id = f.id) AS children
      FROM families f`)
    for (const s of shapes) {
      expect(s.responsables).toBe(1)
      expect(s.conjoints).toBeLessThanOrEqual(1)
      expect(s.children).toBeGreaterThanOrEqual(1)
      expect(s.children).toBeLessThanOrEqual(3)
    }
    expect(shapes.some((s) => s.conjoints === 0)).toBe(true)
    expect(new Set(shapes.map((s) => s.children))).toEqual(new Set([1, 2, 3]))
    const numbers = [
      ...(await column('SELECT number FROM families')),
      ...(await column('SELECT identifier FROM children')),
    ]
    for (const n of numbers) expect(n).toMatch(/^\d{12}$/)
    expect(new Set(numbers).size).toBe(numbers.length)
    expect(numbers).not.toContain('383304932264')
  })

  it('gives children of school age (3 to 11 on the clock day) the class of their birth year', async () => {
    const today = '2026-11-27'
    const levels = ['PS', 'MS', 'GS', 'CP', 'CE1', 'CE2', 'CM1', 'CM2']
    const children = await all<{ birth_date: string; class_level: string; school: string }>(
      "SELECT birth_date, class_level, school FROM children WHERE identifier <> '383306398666'",
    )
    for (const c of children) {
      const age =
        Number(today.slice(0, 4)) -
        Number(c.birth_date.slice(0, 4)) -
        (today.slice(5) < c.birth_date.slice(5) ? 1 : 0)
      expect(age).toBeGreaterThanOrEqual(3)
      expect(age).toBeLessThanOrEqual(11)
      expect(levels.indexOf(c.class_level)).toBe(2026 - 3 - Number(c.birth_date.slice(0, 4)))
      expect(c.school).toMatch(
        levels.indexOf(c.class_level) < 3 ? /^École maternelle / : /^École élémentaire /,
      )
    }
  })

  it('writes only valid phone numbers, French mobiles where a mobile is asked', async () => {
    const phones = [
      ...(await column('SELECT mobile_phone FROM guardians UNION ALL SELECT mobile FROM authorized_persons')),
    ].filter((p) => p !== null) as string[]
    expect(phones.length).toBeGreaterThan(FAMILIES)
    for (const p of phones) {
      expect(p).toMatch(/^0[67]\d{8}$/)
      expect(normalizePhone(p), p).toBe(p)
    }
    const others = (
      await column(
        'SELECT home_phone FROM guardians UNION ALL SELECT work_phone FROM guardians UNION ALL SELECT doctor_phone FROM children UNION ALL SELECT phone FROM authorized_persons',
      )
    ).filter((p) => p !== null) as string[]
    expect(others.length).toBeGreaterThan(50)
    for (const p of others) expect(normalizePhone(p), p).toBe(p)
  })

  it('writes valid IBANs and BICs, e-mails and addresses of real communes on lines of 38 characters at most', async () => {
    const banks = await all<{ iban: string; bic: string }>(
      'SELECT iban, bic FROM families WHERE iban IS NOT NULL',
    )
    expect(banks.length).toBeGreaterThan(FAMILIES / 3)
    for (const b of banks) {
      expect(isValidIBAN(b.iban), b.iban).toBe(true)
      expect(isValidBIC(b.bic), b.bic).toBe(true)
    }
    for (const e of await column('SELECT email FROM guardians WHERE email IS NOT NULL'))
      expect(e).toMatch(/^[a-z0-9.-]+@[a-z]+\.[a-z]+$/)
    const lines = (
      await column(
        'SELECT address_line1 FROM guardians UNION ALL SELECT address_line2 FROM guardians UNION ALL SELECT address_line3 FROM guardians UNION ALL SELECT locality FROM guardians',
      )
    ).filter((l) => l !== null) as string[]
    for (const l of lines) expect(l.length, l).toBeLessThanOrEqual(38)
    const communes = createRequire(import.meta.url)('@etalab/decoupage-administratif/data/communes.json') as {
      nom: string
      codesPostaux?: string[]
    }[]
    const real = new Set(
      communes.flatMap((c) => (c.codesPostaux ?? []).map((p) => `${p} ${postalCity(c.nom)}`)),
    )
    const places = await all<{ place: string }>(
      "SELECT DISTINCT postal_code || ' ' || city AS place FROM guardians",
    )
    for (const { place } of places) expect(real.has(place), place).toBe(true)
    expect(places.filter((p) => p.place.startsWith('38')).length).toBeGreaterThan(places.length / 3)
  })

  it('records vaccinations from the catalogue: most children complete, some missing some', async () => {
    const catalogue = await all<{ id: number; name: string; diseases: string }>(
      `SELECT p.id, p.name, string_agg(d.disease, ',') AS diseases FROM vaccine_products p
       JOIN vaccine_product_diseases d ON d.product_id = p.id GROUP BY p.id`,
    )
    const byId = new Map(catalogue.map((p) => [p.id, p]))
    const lines = await all<{
      child_id: number
      product_id: number
      vaccine_name: string
      vaccinated_on: string
    }>('SELECT child_id, product_id, vaccine_name, vaccinated_on FROM vaccinations')
    for (const l of lines) expect(byId.get(l.product_id)?.name).toBe(l.vaccine_name)
    const children = await all<{ id: number; birth_date: string }>(
      'SELECT id, birth_date FROM children WHERE birth_date IS NOT NULL',
    )
    const complete = children.filter(
      (c) =>
        vaccineStatus({
          birthDate: c.birth_date,
          today: '2026-11-27',
          vaccinations: lines
            .filter((l) => l.child_id === c.id)
            .map((l) => ({ date: l.vaccinated_on, diseases: byId.get(l.product_id)!.diseases.split(',') })),
        }).complete,
    )
    expect(complete.length / children.length).toBeGreaterThan(0.8)
    expect(complete.length).toBeLessThan(children.length)
  })

  it('adds allergies with regulated allergens, PAIs with a validity, neutral diets, QF history and authorised persons', async () => {
    const allergens = new Set<string>(ALLERGENS.map((a) => a.value))
    const found = await column("SELECT allergen FROM health_conditions WHERE kind = 'allergie'")
    expect(found.length).toBeGreaterThan(0)
    for (const a of found) expect(allergens).toContain(a)
    const pais = await all<{ pai_valid_until: string | null }>(
      'SELECT pai_valid_until FROM children WHERE pai = 1',
    )
    expect(pais.length).toBeGreaterThan(0)
    for (const p of pais) expect(p.pai_valid_until).toMatch(/^\d{4}-07-04$/)
    const diets = new Set<string>(DIETS.map((d) => d.value))
    for (const d of await column('SELECT DISTINCT diet FROM children WHERE diet IS NOT NULL'))
      expect(diets).toContain(d)
    expect((await column('SELECT count(*) FROM family_quotients'))[0]).toBeGreaterThan(FAMILIES / 3)
    expect(await column('SELECT count(*) FROM family_quotients WHERE valid_to < valid_from')).toEqual([0])
    const relationships = new Set<string>(RELATIONSHIPS.map((r) => r.value))
    for (const r of await column('SELECT DISTINCT relationship FROM authorized_persons'))
      expect(relationships).toContain(r)
  })

  it('passes the database check, writes one audit entry and fills the search index', async () => {
    expect(await first.services.storage.check()).toEqual({ ok: true, problems: [] })
    expect(await all('SELECT action, entity_type FROM audit_log')).toEqual([
      { action: 'demo.generate', entity_type: 'demo' },
    ])
    const ctx = first.context(actor)
    expect((await searchFamilies(ctx, { query: '', limit: 1, offset: 0 })).total).toBe(FAMILIES + 1)
    const test = await searchFamilies(ctx, { query: 'test enfant', limit: 10, offset: 0 })
    expect(test.rows.map((r) => r.number)).toEqual(['383304832264'])
    expect(await column('SELECT paused FROM search_control')).toEqual([0])
  })

  it('refuses a database that already holds families, writing nothing', async () => {
    const before = await dump(first)
    await expect(generateDemo(first.context(actor), { families: 5, seed: 'essai' })).rejects.toThrow(
      /déjà 301 famille/,
    )
    expect(await dump(first)).toBe(before)
    expect(await column('SELECT count(*) FROM audit_log')).toEqual([1])
  })

  it('writes only Biviers and the TEST family for 0 families', async () => {
    const empty = createTestBackend()
    try {
      const result = await generateDemo(empty.context(actor), { families: 0, seed: '1' })
      expect(result.counts).toMatchObject({ families: 1, guardians: 2, children: 1, authorizedPersons: 2 })
    } finally {
      await empty.dispose()
    }
  })
})
