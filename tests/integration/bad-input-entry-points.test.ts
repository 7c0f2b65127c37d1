import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { sql } from 'kysely'
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { createTestBackend, signedInAdmin, type TestBackend } from '../helpers/backend'
import { importFiles, writeCsv } from '../helpers/family-csv'
import { RequestsApi, seedFamily } from '../helpers/requests'

/** The rows of a query (SQL both engines run), through ctx.db. */
const rowsOf = async (query: string) => (await sql.raw(query).execute(backend.services.db)).rows

// Issue 9, points 8 and 9: a look-alike name or an impossible date is refused
// the same way from the screens (the dispatcher), the CSV import and the
// portal's requests, because all three use the shared validators.

let backend: TestBackend
let dir: string
beforeEach(() => {
  backend = createTestBackend()
  dir = mkdtempSync(join(tmpdir(), 'marelle-bad-input-'))
})
afterEach(async () => {
  await backend.dispose()
  rmSync(dir, { recursive: true, force: true })
})

const responsable = (nom: string) => ({
  civilite: 'Monsieur',
  nom,
  prenom: 'Jean',
  code_postal: '38330',
  ville: 'BIVIERS',
})

describe('from the screens', () => {
  it('refuses "Dupont\\0" and a right-to-left override, naming the field, and writes nothing', async () => {
    const session = await signedInAdmin(backend)
    for (const [nom, words] of [
      ['Dupont\u0000', 'Nom : caractère de contrôle interdit (U+0000, 7ᵉ caractère)'],
      ['Dup\u202Etnod', 'Nom : caractère de changement du sens d’écriture interdit (U+202E, 4ᵉ caractère)'],
      ['Dupont\u200B', 'Nom : caractère invisible interdit (U+200B, 7ᵉ caractère)'],
    ]) {
      const envelope = await backend.dispatch(
        'families/create',
        { number: '111', responsable: responsable(nom) },
        session,
      )
      expect(envelope).toMatchObject({ ok: false, error: { code: 'VALIDATION' } })
      if (!envelope.ok) expect(envelope.error.fields?.map((f) => f.message)).toContain(words)
    }
    expect(await rowsOf('SELECT count(*) AS n FROM families')).toEqual([{ n: 0 }])
  })

  it('stores names in NFC', async () => {
    const session = await signedInAdmin(backend)
    await backend.call(
      'families/create',
      { number: '111', responsable: responsable('Ame\u0301lie') },
      session,
    )
    expect(await rowsOf('SELECT last_name FROM guardians')).toEqual([{ last_name: 'Amélie' }])
  })

  it('refuses 30 February and the year 2099 for a child’s birth date', async () => {
    const session = await signedInAdmin(backend)
    const { family } = await seedFamily(backend, session)
    for (const [day, words] of [
      ['30/02/2020', 'Date de naissance : date invalide (jj/mm/aaaa)'],
      ['2099-05-01', 'Date de naissance : année 2099 hors des limites'],
    ]) {
      const envelope = await backend.dispatch(
        'children/create',
        {
          familyId: family.id,
          identifier: '42',
          values: { nom: 'TEST', prenom: 'Léa', date_de_naissance: day },
        },
        session,
      )
      expect(envelope.ok).toBe(false)
      if (!envelope.ok) expect(envelope.error.message).toContain(words)
    }
  })
})

describe('from the CSV import', () => {
  it('reports the look-alike cell with its field and line, and writes nothing', async () => {
    const files = [
      writeCsv(dir, 'familles.csv', [
        ['N° famille', 'Organisme'],
        ['111', 'CAF'],
      ]),
      writeCsv(dir, 'responsables.csv', [
        ['N° famille', 'Rôle', 'Nom', 'Prénom'],
        ['111', 'Responsable', 'Dupont\u202E', 'Jean'],
      ]),
    ]
    const report = await importFiles(backend, files, { write: true })
    expect(report.written).toBe(false)
    const messages = report.problems.map((p) => JSON.stringify(p))
    expect(messages.join('\n')).toContain('caractère de changement du sens d’écriture interdit (U+202E')
    expect(messages.join('\n')).toContain('Nom')
    expect(await rowsOf('SELECT count(*) AS n FROM guardians')).toEqual([{ n: 0 }])
  })

  it('reports an impossible birth date', async () => {
    const files = [
      writeCsv(dir, 'familles.csv', [
        ['N° famille', 'Organisme'],
        ['111', 'CAF'],
      ]),
      writeCsv(dir, 'responsables.csv', [
        ['N° famille', 'Rôle', 'Nom', 'Prénom'],
        ['111', 'Responsable', 'DUPONT', 'Jean'],
      ]),
      writeCsv(dir, 'enfants.csv', [
        ['Identifiant', 'N° famille', 'Nom', 'Prénom', 'Date de naissance'],
        ['42', '111', 'DUPONT', 'Léa', '30/02/2020'],
      ]),
    ]
    const report = await importFiles(backend, files, { write: true })
    expect(report.written).toBe(false)
    expect(JSON.stringify(report.problems)).toContain('date invalide (jj/mm/aaaa)')
  })
})

describe('from the portal’s requests', () => {
  const line = (n: number, extra: Record<string, unknown>) => ({
    ref: `P-BAD-${n}`,
    submitted_at: '2017-07-03T10:12:00+02:00',
    family: '383304832264',
    child: '383306398666',
    kind: 'authorized_person.add',
    payload: { nom: 'DUPONT', prenom: 'Jean', lien_de_parente: 'Voisin(e)' },
    ...extra,
  })

  it('refuses a submitted_at of 30 February, of year 0001 or 2099, and a look-alike name', async () => {
    const session = await signedInAdmin(backend)
    await seedFamily(backend, session)
    const api = new RequestsApi(backend, session)
    const summary = await api.import(
      line(1, { submitted_at: '2026-02-30T10:00:00+01:00' }),
      line(2, { submitted_at: '0001-01-01T10:00:00Z' }),
      line(3, { submitted_at: '2099-01-01T10:00:00Z' }),
      line(4, { payload: { nom: 'DUPONT\u0000', prenom: 'Jean', lien_de_parente: 'Voisin(e)' } }),
      line(5, { payload: { nom: 'DUPONT', prenom: 'Je\u200Dan', lien_de_parente: 'Voisin(e)' } }),
      line(6, { comment: 'Merci\u202E' }),
      line(7, {}),
    )
    expect(summary.imported).toBe(1)
    const reasons = summary.errors.map((e) => [e.line, e.reason])
    expect(reasons).toEqual([
      [1, expect.stringContaining('date inexistante (2026-02-30)')],
      [2, expect.stringContaining('date antérieure au 01/01/2000')],
      [3, expect.stringContaining('date dans le futur (2099-01-01)')],
      [4, expect.stringContaining('Nom : caractère de contrôle interdit (U+0000')],
      [5, expect.stringContaining('Prénom : caractère invisible interdit (U+200D')],
      [6, expect.stringContaining('caractère de changement du sens d’écriture interdit (U+202E')],
    ])
    expect(await rowsOf("SELECT count(*) AS n FROM requests WHERE ref LIKE 'P-BAD-%'")).toEqual([{ n: 1 }])
  })
})
