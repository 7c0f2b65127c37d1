import { execFileSync } from 'node:child_process'
import { readFileSync } from 'node:fs'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { runCli } from '../helpers/cli'
import { auditEntries } from '../helpers/families'
import { type AgendaWorld, agendaWorld, SCHOOL_WEEK } from './agenda-fixture'

// `lists day` and `lists kitchen` on a real database file: the JSON shapes the
// issue names, the PDF and CSV files, and French refusals with exit codes.

const MONDAY = '2017-06-12'
let world: AgendaWorld

beforeAll(async () => {
  world = await agendaWorld()
  const evening = await world.addService({
    code: 'BIV-SOIR',
    name: 'Accueil du soir',
    kind: 'accueil_soir',
    capacity: 20,
  })
  const meals = await world.addService({ code: 'BIV-REPAS', name: 'Repas', kind: 'restauration' })
  await world.enrol(evening, '2016-09-01', SCHOOL_WEEK)
  await world.enrol(meals, '2016-09-01', SCHOOL_WEEK)
  const stamp = new Date().toISOString()
  await world.db
    .insertInto('authorized_persons')
    .values([
      {
        child_id: world.childId,
        last_name: 'PLRI',
        first_name: 'TEST',
        relationship: 'grand_pere',
        phone: '0606060606',
        can_pick_up: 1,
        pickup_forbidden: 0,
        created_at: stamp,
        updated_at: stamp,
      },
      {
        child_id: world.childId,
        last_name: 'VOISNE',
        first_name: 'TEST',
        relationship: 'voisin',
        phone: '0612345678',
        can_pick_up: 0,
        pickup_forbidden: 1,
        created_at: stamp,
        updated_at: stamp,
      },
    ])
    .execute()
  await world.db
    .insertInto('health_conditions')
    .values({
      child_id: world.childId,
      kind: 'allergie',
      label: 'Lait',
      allergen: 'milk',
      created_at: stamp,
      updated_at: stamp,
    })
    .execute()
})

afterAll(async () => {
  await world.backend.dispose()
})

const db = () => ['--db', world.backend.database]

describe('lists day', () => {
  it('prints the day list as JSON in the documented shape', async () => {
    const { code, out } = await runCli(
      ...db(),
      'lists',
      'day',
      '--structure',
      'ecoles de biviers - périscolaire',
      '--date',
      MONDAY,
      '--json',
    )
    expect(code).toBe(0)
    const json = JSON.parse(out)
    expect(json.structure).toBe('Ecoles de Biviers - Périscolaire')
    expect(json.date).toBe(MONDAY)
    const soir = json.services.find((s: { code: string }) => s.code === 'BIV-SOIR')
    expect(soir).toMatchObject({ service: 'Accueil du soir', attendus: 1, capacite: 20 })
    expect(soir.enfants[0]).toMatchObject({
      identifiant: '383306398666',
      nom: 'TEST',
      prenom: 'ENFANT',
      pai: false,
      allergenes: ['Lait'],
      regime: null,
      peuvent_recuperer: [
        { nom: 'PLRI', prenom: 'TEST', lien_de_parente: 'Grand-père', telephone: '0606060606', mobile: null },
      ],
      interdits: [{ nom: 'VOISNE', prenom: 'TEST', lien_de_parente: 'Voisin(e)' }],
    })
  })

  it('writes the PDF and the CSV, and traces the health data they carry', async () => {
    const pdf = join(world.backend.dir, 'liste.pdf')
    const csv = join(world.backend.dir, 'liste.csv')
    expect(
      (
        await runCli(
          ...db(),
          'lists',
          'day',
          '--structure',
          'Ecoles de Biviers - Périscolaire',
          '--date',
          MONDAY,
          '--service',
          'BIV-SOIR',
          '--pdf',
          pdf,
        )
      ).code,
    ).toBe(0)
    expect(
      execFileSync('pdftotext', ['-raw', pdf, '-'], { encoding: 'utf8' }).replace(/\s+/g, ' '),
    ).toContain('INTERDIT : VOISNE TEST')
    expect(
      (
        await runCli(
          ...db(),
          'lists',
          'day',
          '--structure',
          'Ecoles de Biviers - Périscolaire',
          '--date',
          MONDAY,
          '--csv',
          csv,
        )
      ).code,
    ).toBe(0)
    expect(readFileSync(csv, 'utf8')).toContain(';383306398666;TEST;ENFANT;')
    const traces = (await auditEntries(world.backend)).filter(
      (e) => e.action.startsWith('health') && `${e.note ?? ''} ${e.changes ?? ''}`.includes('liste'),
    )
    expect(traces.length).toBeGreaterThanOrEqual(2)
  })

  it('refuses an unknown structure in French with exit code 1, and a bad date with 2', async () => {
    const unknown = await runCli(...db(), 'lists', 'day', '--structure', 'Nulle part', '--date', MONDAY)
    expect(unknown.code).toBe(1)
    expect(unknown.err).toContain('Structure « Nulle part » introuvable')
    const bad = await runCli(...db(), 'lists', 'day', '--structure', 'Nulle part', '--date', '12/06/2017')
    expect(bad.code).toBe(2)
  })
})

describe('lists kitchen', () => {
  it('prints one entry per day and meal service with total, par_regime and par_allergene', async () => {
    const { code, out } = await runCli(
      ...db(),
      'lists',
      'kitchen',
      '--structure',
      'Ecoles de Biviers - Périscolaire',
      '--from',
      MONDAY,
      '--to',
      '2017-06-16',
      '--json',
    )
    expect(code).toBe(0)
    const json = JSON.parse(out)
    expect(json.jours.map((d: { date: string }) => d.date)).toEqual([
      '2017-06-12',
      '2017-06-13',
      '2017-06-14',
      '2017-06-15',
      '2017-06-16',
    ])
    const monday = json.jours[0]
    expect(monday).toMatchObject({
      code: 'BIV-REPAS',
      total: 1,
      par_regime: { standard: 1 },
      paniers_repas: 0,
    })
    expect(monday.par_allergene.milk).toEqual({
      libelle: 'Lait',
      nombre: 1,
      enfants: [{ nom: 'TEST', prenom: 'ENFANT', classe: null }],
    })
    expect(json.jours[2].total).toBe(0)
  })
})
