import { mkdtempSync, readFileSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import fc from 'fast-check'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import {
  addAuthorizedPerson,
  addHealthCondition,
  addVaccination,
  createChild,
} from '../../src-main/backend/children/service'
import { isFormulaTrigger } from '../../src-main/backend/csv/cell-escape'
import { readZip } from '../../src-main/backend/csv/zip-read'
import { inTransaction } from '../../src-main/backend/db/transaction'
import {
  createFamily,
  saveGuardianFields,
  setQuotient,
  updateFamilyFields,
} from '../../src-main/backend/families/service'
import {
  AUTHORIZED_PERSON_FIELDS,
  CHILD_FIELDS,
  FAMILY_FIELDS,
  type FieldSpec,
  GUARDIAN_FIELDS,
  HEALTH_CONDITION_FIELDS,
  VACCINATION_FIELDS,
} from '../../src-shared/fields/index'
import { createTestBackend, type TestBackend } from '../helpers/backend'
import { CLI_ACTOR, exportTo, importFiles, selectRows } from '../helpers/family-csv'
import { parse } from '../unit/csv-arbitraries'
import { snapshotOf } from './family-csv-snapshot'

// Export then import, through the database, gives back the same data for
// any text staff or families can type: quotes, separators, line breaks,
// tabs, accents, emoji, a leading = + - @ or apostrophe, "+33…" phones.
// The first database is filled through the family and child services (the
// stored forms they produce), exported to a .zip, imported into an empty
// database, and compared table by table; importing the same .zip into the
// first database must change nothing.

const tricky = fc.constantFrom(
  ';',
  ',',
  '\t',
  '"',
  '\r',
  '\n',
  '\r\n',
  '=',
  '+',
  '-',
  '@',
  "'",
  '’',
  'é',
  'Œ',
  'ß',
  '😀',
  '👨‍👩‍👧',
  '\uff1d',
  ' ',
  '\u00a0',
  '0',
  'a',
  'Z',
  '=SOMME(A1)',
  '+33 6',
)
const text = (max: number) =>
  fc.string({
    unit: fc.oneof(tricky, fc.string({ unit: 'grapheme', minLength: 1, maxLength: 1 })),
    maxLength: max,
  })
const phone = fc.constantFrom(
  '+33 6 12 34 56 78',
  '+41 79 123 45 67',
  '06.11.22.33.44',
  '0033 4 76 00 00 00',
  '+44 7911 123456',
  '',
)
const day = fc
  .date({ min: new Date('2005-01-01'), max: new Date('2025-12-31'), noInvalidDate: true })
  .map((d) => d.toISOString().slice(0, 10))

/**
 * Values for `fields` from raw input, each through its own validator; a value
 * it refuses is left out, or, for a required field, replaced by a plain one
 * (the services refuse a record without it).
 */
let replaced = 0
function stored(fields: readonly FieldSpec[], raw: Record<string, unknown>): Record<string, unknown> {
  const out: Record<string, unknown> = {}
  for (const spec of fields) {
    if (!(spec.key in raw)) continue
    const parsed = spec.schema.safeParse(raw[spec.key])
    if (parsed.success && parsed.data !== null) out[spec.key] = parsed.data
    else if (spec.required) out[spec.key] = spec.schema.parse(`Texte refusé ${++replaced}`)
  }
  return out
}

const family = fc.record({
  family: fc.record({
    organisme: fc.constantFrom('CAF', 'MSA', 'autre', ''),
    n_allocataire: text(20),
    revenu_fiscal_de_reference: fc.integer({ min: 0, max: 200_000 }),
    nombre_de_parts: fc.constantFrom(1, 1.5, 2.5, 3),
    titulaire_du_compte: text(30),
    banque: text(30),
    iban: fc.constantFrom('FR7630006000011234567890189', 'DE89370400440532013000', ''),
    rum: text(35),
    date_du_mandat: day,
    prelevement: fc.boolean(),
  }),
  quotient: fc.option(fc.record({ qf: fc.integer({ min: 0, max: 3000 }), from: day }), { nil: undefined }),
  guardians: fc.array(
    fc.record({
      nom: text(30).filter((t) => t.trim() !== ''),
      prenom: text(30),
      civilite: fc.constantFrom('Monsieur', 'Madame', ''),
      qualite: fc.constantFrom('Père', 'Mère', 'Famille d’accueil', ''),
      adresse: text(38),
      complement_d_adresse_1: text(38),
      ville: text(40),
      code_postal: fc.constantFrom('38330', '01000', ''),
      telephone_domicile: phone,
      mobile: phone,
      email: fc.constantFrom('Adresse.Test@Exemple.fr', ''),
      profession: text(40),
      csp: fc.constantFrom('Employés', 'Artisans, commerçants, chefs d’entreprise', ''),
      autorisation_sms: fc.boolean(),
    }),
    { minLength: 1, maxLength: 2 },
  ),
  children: fc.array(
    fc.record({
      child: fc.record({
        nom: text(30).filter((t) => t.trim() !== ''),
        prenom: text(30).filter((t) => t.trim() !== ''),
        sexe: fc.constantFrom('Fille', 'Garçon', ''),
        date_de_naissance: day,
        lieu_de_naissance: text(40),
        ecole: text(40),
        classe: text(20),
        regime_alimentaire: fc.constantFrom('Sans porc', 'Panier-repas (PAI)', ''),
        pai: fc.boolean(),
        pai_panier_repas: fc.boolean(),
        pai_details: text(60),
        soins_particuliers: text(60),
        medecin_traitant: text(40),
        telephone_medecin: phone,
        fiche_sanitaire_le: day,
        admission_provisoire_le: day,
      }),
      persons: fc.uniqueArray(
        fc.record({
          nom: text(20).filter((t) => t.trim() !== ''),
          prenom: text(20),
          lien_de_parente: fc.constantFrom('Grand-mère', 'Voisin(e)', 'Assistant(e) maternel(le)'),
          telephone: phone,
          a_prevenir_en_urgence: fc.boolean(),
          interdit_de_recuperer: fc.boolean(),
          remarques: text(60),
        }),
        {
          maxLength: 2,
          selector: (p) =>
            `${p.nom.trim().toLocaleLowerCase('fr')}|${p.prenom.trim().toLocaleLowerCase('fr')}`,
        },
      ),
      vaccinations: fc.uniqueArray(
        fc.record({
          vaccin: text(20).filter((t) => t.trim() !== ''),
          date: day,
          lot: text(20),
          medecin: text(30),
        }),
        { maxLength: 2, selector: (v) => `${v.vaccin.trim().toLocaleLowerCase('fr')}|${v.date}` },
      ),
      health: fc.uniqueArray(
        fc.record({
          type: fc.constantFrom('Maladie', 'Contre-indication'),
          libelle: text(30).filter((t) => t.trim() !== ''),
          details: text(60),
        }),
        { maxLength: 2, selector: (h) => `${h.type}|${h.libelle.trim().toLocaleLowerCase('fr')}` },
      ),
    }),
    { maxLength: 2 },
  ),
})

type Family = typeof family extends fc.Arbitrary<infer T> ? T : never

/** Fills a database through the family and child services, as staff would. */
async function fill(backend: TestBackend, families: Family[]) {
  const ctx = backend.context(CLI_ACTOR)
  let number = 100_000_000_000
  let identifier = 500_000_000_000
  await inTransaction(ctx.db, async (trx) => {
    for (const f of families) {
      const [responsable, conjoint] = f.guardians.map((g) => stored(GUARDIAN_FIELDS, g))
      const id = await createFamily(trx, ctx, String(number++), responsable)
      // Prélèvement : Oui needs a whole SEPA mandate (the family services say which part is missing).
      const mandate = f.family.prelevement
        ? {
            titulaire_du_compte: 'Titulaire',
            iban: 'FR7630006000011234567890189',
            bic: 'AGRIFRPPXXX',
            rum: 'RUM-1',
          }
        : {}
      await updateFamilyFields(trx, ctx, id, stored(FAMILY_FIELDS, { ...f.family, ...mandate }))
      if (conjoint) await saveGuardianFields(trx, ctx, id, 'conjoint', conjoint)
      if (f.quotient)
        await setQuotient(trx, ctx, id, { qf: f.quotient.qf, validFrom: f.quotient.from, validTo: null })
      for (const c of f.children) {
        const childId = await createChild(trx, ctx, id, String(identifier++), stored(CHILD_FIELDS, c.child))
        for (const p of c.persons)
          await addAuthorizedPerson(trx, ctx, childId, stored(AUTHORIZED_PERSON_FIELDS, p))
        for (const v of c.vaccinations) await addVaccination(trx, ctx, childId, stored(VACCINATION_FIELDS, v))
        for (const h of c.health)
          await addHealthCondition(trx, ctx, childId, stored(HEALTH_CONDITION_FIELDS, h))
      }
    }
  })
}

let dir: string
beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'marelle-roundtrip-'))
})
afterAll(() => rmSync(dir, { recursive: true, force: true }))

describe('export then import through the database', () => {
  it('gives back the same data for any text, exports no formula, and a second import changes nothing', async () => {
    let run = 0
    await fc.assert(
      fc.asyncProperty(fc.array(family, { minLength: 1, maxLength: 3 }), async (families) => {
        const source = createTestBackend()
        const target = createTestBackend()
        try {
          await fill(source, families)
          const zip = join(dir, `export-${run++}.zip`)
          await exportTo(source, zip)
          for (const entry of readZip(readFileSync(zip), 'export.zip')) {
            const text = Buffer.from(entry.data).toString('utf8')
            expect(text.startsWith('\ufeff')).toBe(true)
            for (const record of parse(text.slice(1)).records.slice(1))
              for (const cell of record.cells)
                expect(isFormulaTrigger(cell), `${entry.name}: ${cell}`).toBe(false)
          }
          const imported = await importFiles(target, [zip])
          expect(imported.problems).toEqual([])
          expect(await snapshotOf(target)).toEqual(await snapshotOf(source))

          const audit = (await selectRows(source, 'SELECT count(*) AS n FROM audit_log'))[0].n
          const again = await importFiles(source, [zip])
          expect(again.problems).toEqual([])
          expect(again.written).toBe(false)
          for (const count of Object.values(again.counts))
            expect([count.added, count.changed]).toEqual([0, 0])
          expect((await selectRows(source, 'SELECT count(*) AS n FROM audit_log'))[0].n).toBe(audit)
        } finally {
          await source.dispose()
          await target.dispose()
        }
      }),
      { numRuns: 25 },
    )
  }, 120_000)
})
