import { execFileSync } from 'node:child_process'
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { Session } from '../../src-main/backend/context'
import { readZip } from '../../src-main/backend/csv/zip-read'
import { generateDemo } from '../../src-main/backend/demo/generate'
import type { KitchenCount } from '../../src-shared/contract/lists'
import { ALLERGENS } from '../../src-shared/domain/health'
import { labelOf } from '../../src-shared/domain/options'
import { createTestBackend, signedInAdmin, type TestBackend } from '../helpers/backend'
import { runCliOn } from '../helpers/cli'
import { CLI_ACTOR, selectRows } from '../helpers/family-csv'

// The access request on a demo database (issue 13, points 4 and 7): the
// .zip's JSON holds everything `family show --json` prints, field by field,
// plus the family's enrolments, agenda, attendance, invoices, payments,
// requests with their decisions, messages and kitchen orders; its PDF names
// each child and their allergies; the audit entries come with it, and
// producing it is itself audited and traced as a health read.

let backend: TestBackend
let admin: Session
let dir: string
/** The family with an allergic child enrolled in a meal service, and that child. */
let family: { id: number; number: string }
let allergic: { id: number; identifier: string; allergen: string }
let order: { serviceId: number; code: string; date: string }

const run = (...argv: string[]) => runCliOn(backend, ...argv)

beforeAll(async () => {
  backend = createTestBackend()
  dir = mkdtempSync(join(tmpdir(), 'marelle-access-export-'))
  await generateDemo(backend.context(CLI_ACTOR), { families: 50, seed: '1' })
  admin = await signedInAdmin(backend)
  // A child with an allergy whose meals the kitchen counts in the week of the test clock.
  const candidates = (await selectRows(
    backend,
    `SELECT c.id, c.identifier, c.family_id, f.number, h.allergen, s.structure_id
     FROM health_conditions h JOIN children c ON c.id = h.child_id JOIN families f ON f.id = c.family_id
     JOIN enrolments e ON e.child_id = c.id JOIN services s ON s.id = e.service_id
     WHERE h.kind = 'allergie' AND h.allergen IS NOT NULL AND s.kind = 'restauration' ORDER BY c.id`,
  )) as {
    id: number
    identifier: string
    family_id: number
    number: string
    allergen: string
    structure_id: number
  }[]
  expect(candidates.length).toBeGreaterThan(0)
  for (const c of candidates) {
    const count = await backend.call<KitchenCount>(
      'lists/kitchen',
      { structureId: c.structure_id, from: '2026-11-23', to: '2026-11-27' },
      admin,
    )
    const day = count.days.find((d) =>
      d.byAllergen.some((a) => a.allergen === c.allergen && a.children.some((k) => k.childId === c.id)),
    )
    if (!day) continue
    family = { id: c.family_id, number: c.number }
    allergic = { id: c.id, identifier: c.identifier, allergen: c.allergen }
    order = { serviceId: day.serviceId, code: day.code, date: day.date }
    break
  }
  expect(order).toBeDefined()
  await backend.call('lists/kitchenSent', { serviceId: order.serviceId, date: order.date }, admin)
  await backend.call(
    'lists/mark',
    {
      childId: allergic.id,
      serviceId: order.serviceId,
      date: order.date,
      presence: 'present',
      arrivedAt: '11:45',
      leftAt: '13:30',
    },
    admin,
  )
}, 300_000)
afterAll(async () => {
  await backend.dispose()
  rmSync(dir, { recursive: true, force: true })
})

type Json = Record<string, unknown>

/** Every leaf of a JSON value with its path ("enfants[0].vaccinations[1].date"). */
function leaves(value: unknown, path = ''): [string, unknown][] {
  if (Array.isArray(value))
    return value.length === 0 ? [[path, []]] : value.flatMap((v, i) => leaves(v, `${path}[${i}]`))
  if (value !== null && typeof value === 'object') {
    const entries = Object.entries(value)
    return entries.length === 0
      ? [[path, {}]]
      : entries.flatMap(([k, v]) => leaves(v, path ? `${path}.${k}` : k))
  }
  return [[path, value]]
}

function at(root: unknown, path: string): unknown {
  let current = root
  for (const part of path.match(/[^.[\]]+/g) ?? []) {
    if (current === null || typeof current !== 'object') return undefined
    current = (current as Record<string, unknown>)[part]
  }
  return current
}

async function exportFamily(number: string, name: string) {
  const out = join(dir, name)
  const result = await run('family', 'export-data', number, '--out', out)
  expect(result.err).not.toMatch(/Erreur/)
  expect(result.code).toBe(0)
  const entries = new Map([...readZip(readFileSync(out), name)].map((e) => [e.name, e.data]))
  expect([...entries.keys()].sort()).toEqual([
    `famille-${number}.json`,
    `famille-${number}.pdf`,
    `journal-${number}.json`,
  ])
  const json = (file: string) => JSON.parse(Buffer.from(entries.get(file)!).toString('utf8')) as Json
  const pdfPath = join(dir, `${name}.pdf`)
  writeFileSync(pdfPath, entries.get(`famille-${number}.pdf`)!)
  return {
    data: json(`famille-${number}.json`),
    journal: json(`journal-${number}.json`),
    text: execFileSync('pdftotext', ['-raw', pdfPath, '-'], { encoding: 'utf8' }).replace(/\s+/g, ' '),
  }
}

describe('the access request on a 50-family demo', () => {
  it('holds everything family show --json prints, field by field, and the rest of the family’s data', async () => {
    const shown = await run('family', 'show', family.number, '--json')
    expect(shown.code).toBe(0)
    const document = JSON.parse(shown.out) as Json
    const { data } = await exportFamily(family.number, 'famille.zip')
    expect(data).toMatchObject({ format: 'marelle.droit-d-acces', version: 1, commune: 'Biviers' })

    const fields = leaves(document)
    expect(fields.length).toBeGreaterThan(80)
    const differences = fields
      .filter(([path, value]) => JSON.stringify(at(data.famille, path)) !== JSON.stringify(value))
      .map(([path, value]) => ({ path, shown: value, exported: at(data.famille, path) }))
    expect(differences).toEqual([])
    // Nothing more nor less under famille: the same document.
    expect(leaves(data.famille).length).toBe(fields.length)

    const children = (
      await selectRows(backend, `SELECT id FROM children WHERE family_id = ${family.id}`)
    ).map((r) => r.id)
    const count = async (sql: string) => (await selectRows(backend, sql))[0].n as number
    const ofChildren = `child_id IN (${children.join(',')})`
    expect(children.length).toBeGreaterThan(0)
    expect((data.inscriptions as unknown[]).length).toBe(
      await count(`SELECT count(*) AS n FROM enrolments WHERE ${ofChildren}`),
    )
    expect((data.exceptions_agenda as unknown[]).length).toBe(
      await count(`SELECT count(*) AS n FROM agenda_exceptions WHERE ${ofChildren}`),
    )
    const invoices = await count(`SELECT count(*) AS n FROM invoices WHERE family_id = ${family.id}`)
    expect(invoices).toBeGreaterThan(0)
    expect((data.factures as unknown[]).length).toBe(invoices)
    expect((data.paiements as unknown[]).length).toBe(
      await count(`SELECT count(*) AS n FROM payments WHERE family_id = ${family.id}`),
    )
    expect(data.pointages).toEqual([
      expect.objectContaining({
        enfant: allergic.identifier,
        date: order.date,
        service_code: order.code,
        presence: 'present',
        arrivee: '11:45',
        depart: '13:30',
      }),
    ])
    expect(data.commandes_cuisine).toEqual([
      expect.objectContaining({
        date: order.date,
        service_code: order.code,
        enfants: expect.arrayContaining([
          expect.objectContaining({
            enfant: allergic.identifier,
            allergenes: expect.arrayContaining([allergic.allergen]),
          }),
        ]),
      }),
    ])
    // Only this family's children out of the kitchen's snapshot.
    const named = (data.commandes_cuisine as { enfants: { enfant: string }[] }[]).flatMap((o) => o.enfants)
    const identifiers = (document.enfants as { identifiant: string }[]).map((c) => c.identifiant)
    expect(named.every((c) => identifiers.includes(c.enfant))).toBe(true)
  })

  it('names each child and their allergies in the PDF, and says who read their health data', async () => {
    await run('family', 'show', family.number, '--json')
    const { text, journal } = await exportFamily(family.number, 'pdf.zip')
    const children = (await selectRows(
      backend,
      `SELECT id, last_name, first_name, identifier FROM children WHERE family_id = ${family.id}`,
    )) as { id: number; last_name: string; first_name: string; identifier: string }[]
    // pdftotext may drop the space after the colon (kerning).
    for (const child of children)
      expect(text).toContain(`${child.last_name} ${child.first_name} (identifiant ${child.identifier})`)
    const allergies = (await selectRows(
      backend,
      `SELECT h.label, h.allergen FROM health_conditions h JOIN children c ON c.id = h.child_id
       WHERE c.family_id = ${family.id} AND h.kind = 'allergie'`,
    )) as { label: string; allergen: string | null }[]
    expect(allergies.length).toBeGreaterThan(0)
    for (const allergy of allergies) {
      expect(text).toContain(allergy.label)
      if (allergy.allergen) expect(text).toContain(`Allergène : ${labelOf(ALLERGENS, allergy.allergen)}`)
    }
    expect(text).toContain(`Allergènes : ${labelOf(ALLERGENS, allergic.allergen)}`)
    expect(text).toContain('Consultations des données de santé des enfants')

    // family show's read, then this export's own, each child by child, in the journal.
    const reads = journal.consultations_sante as { auteur: string; enfant: string; depuis: string }[]
    for (const child of children) {
      expect(reads).toContainEqual(
        expect.objectContaining({ enfant: child.identifier, depuis: expect.stringContaining('family show') }),
      )
      expect(reads).toContainEqual(
        expect.objectContaining({
          enfant: child.identifier,
          depuis: expect.stringContaining('droit d’accès'),
        }),
      )
    }
    // The attendance mark made in the window read the allergic child's health data too: named.
    expect(reads).toContainEqual(
      expect.objectContaining({
        auteur: 'Camille Admin',
        enfant: allergic.identifier,
        depuis: expect.stringContaining('pointage'),
      }),
    )
  })

  it('holds the requests with their decision and the reply sent as a message', async () => {
    const test = '383304832264'
    const pending = await run('requests', 'list', '--state', 'pending', '--json')
    const ref = (JSON.parse(pending.out) as { ref: string; family: string; kind: string }[]).find(
      (r) => r.family === test && r.kind === 'responsable.update',
    )?.ref
    expect(ref).toBeDefined()
    expect((await run('requests', 'decide', ref!, '--validate', '--reply', 'C’est fait, merci.')).code).toBe(
      0,
    )
    const { data, journal, text } = await exportFamily(test, 'test.zip')
    const request = (data.demandes as Json[]).find((r) => r.reference === ref)
    expect(request).toMatchObject({
      etat: 'validated',
      reponse: 'C’est fait, merci.',
      decidee_le: expect.any(String),
    })
    expect((request!.elements as Json[]).every((i) => i.decision === 'accepted')).toBe(true)
    expect(data.messages).toContainEqual(
      expect.objectContaining({ demande: ref, texte: 'C’est fait, merci.' }),
    )
    expect(journal.entrees).toContainEqual(
      expect.objectContaining({ demande: ref, action: 'request.decide' }),
    )
    expect(text).toContain(ref!)
    expect(text).toContain('C’est fait, merci.')
  })

  it('is audited once per export, and traced as a read of each child’s health data', async () => {
    const start = (await selectRows(backend, 'SELECT max(id) AS id FROM audit_log'))[0].id as number
    await exportFamily(family.number, 'audit.zip')
    const written = (await selectRows(
      backend,
      `SELECT * FROM audit_log WHERE id > ${start} ORDER BY id`,
    )) as {
      action: string
      actor: string
      family_id: number | null
      child_id: number | null
      entity_type: string
      note: string
    }[]
    const children = (
      await selectRows(backend, `SELECT id FROM children WHERE family_id = ${family.id} ORDER BY id`)
    ).map((r) => r.id)
    expect(written.filter((e) => e.action === 'family.access-export')).toEqual([
      expect.objectContaining({
        family_id: family.id,
        entity_type: 'family',
        actor: expect.stringContaining('Ligne de commande'),
      }),
    ])
    const traces = written.filter((e) => e.action === 'child.health.view')
    expect(traces.map((t) => t.child_id).sort()).toEqual(children)
    expect(traces.every((t) => t.family_id === family.id && t.note.includes('export du droit d’accès'))).toBe(
      true,
    )
    // Nothing else is written by an export.
    expect(written.length).toBe(children.length + 1)
  })
})
