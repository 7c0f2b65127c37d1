import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { runCli } from '../helpers/cli'
import { auditEntries } from '../helpers/families'
import { type AgendaWorld, agendaWorld, SCHOOL_WEEK } from './agenda-fixture'

let world: AgendaWorld
const run = (...argv: string[]) => runCli('--db', world.backend.database, ...argv)

beforeEach(async () => {
  world = await agendaWorld()
  const morning = await world.addService({
    code: 'BIV-MATIN',
    name: 'Accueil du matin',
    kind: 'accueil_matin',
  })
  const meals = await world.addService({
    code: 'BIV-REPAS',
    name: 'Repas',
    kind: 'restauration',
    capacity: 1,
  })
  await world.enrol(morning, '2016-09-01', 0, { endsOn: '2017-08-31' })
  await world.enrol(meals, '2017-06-01', SCHOOL_WEEK, { endsOn: '2017-08-31' })
})
afterEach(async () => {
  await world.backend.dispose()
})

describe('agenda show', () => {
  it('--json prints one entry per day of the month, per service', async () => {
    const { code, out } = await run('agenda', 'show', '383306398666', '--month', '2017-07', '--json')
    expect(code).toBe(0)
    const doc = JSON.parse(out)
    expect(Object.keys(doc)).toEqual(['enfant', 'mois', 'lignes'])
    expect(doc.enfant).toBe('383306398666')
    expect(doc.mois).toBe('2017-07')
    expect(doc.lignes.map((l: { code: string }) => l.code)).toEqual(['BIV-MATIN', 'BIV-REPAS'])
    const [line] = doc.lignes
    expect(line.structure).toBe('Ecoles de Biviers - Périscolaire')
    expect(line.service).toBe('Accueil du matin')
    expect(line.jours).toHaveLength(31)
    expect(line.jours[0]).toEqual({ date: '2017-07-01', etat: null, libelle: null, lettre: null })
    expect(line.jours[7]).toEqual({
      date: '2017-07-08',
      etat: 'grandes_vacances',
      libelle: 'Grandes vacances',
      lettre: 'G',
    })
    expect(line.jours[13]).toEqual({
      date: '2017-07-14',
      etat: 'jour_ferie',
      libelle: 'Jour férié',
      lettre: 'F',
    })
    // The meals row has regular days until the holidays.
    expect(doc.lignes[1].jours[2]).toMatchObject({ date: '2017-07-03', etat: 'regulier', lettre: 'X' })
  })

  it('without --json prints the grid and the legend of what appears', async () => {
    const { code, out } = await run('agenda', 'show', '383306398666', '--month', '2017-07')
    expect(code).toBe(0)
    expect(out).toContain('ENFANT TEST (383306398666) — juillet 2017')
    expect(out).toMatch(/Ecoles de Biviers - Périscolaire \/ Accueil du matin +(\. {2}){7}G {2}/)
    expect(out).toContain('Légende : X Régulier ; G Grandes vacances ; F Jour férié ; . rien')
  })

  it('refuses a bad identifier or month in French', async () => {
    expect(await run('agenda', 'show', '12', '--month', '2017-07')).toMatchObject({ code: 1 })
    const bad = await run('agenda', 'show', '383306398666', '--month', '2017-13')
    expect(bad.code).toBe(1)
    expect(bad.err).toContain('mois invalide')
  })
})

describe('agenda set', () => {
  it('reserves, says what it did, and exits 1 naming the reason of a refused date', async () => {
    const ok = await run(
      'agenda',
      'set',
      '383306398666',
      '--service',
      'BIV-MATIN',
      '--dates',
      '20/06/2017',
      '--reserve',
    )
    expect(ok).toMatchObject({ code: 0, out: '20/06/2017 : Réservations Hors Contrat' })
    const refused = await run(
      'agenda',
      'set',
      '383306398666',
      '--service',
      'BIV-MATIN',
      '--dates',
      '2017-06-21,2017-06-22',
      '--reserve',
    )
    expect(refused.code).toBe(1)
    expect(refused.err).toBe('21/06/2017 : refusé — service fermé ce jour')
    expect(refused.out).toBe('22/06/2017 : Réservations Hors Contrat')
    const absent = await run(
      'agenda',
      'set',
      '383306398666',
      '--service',
      'BIV-REPAS',
      '--dates',
      '2017-06-19',
      '--absence',
      '--motif',
      'Sortie scolaire',
    )
    expect(absent).toMatchObject({ code: 0, out: '19/06/2017 : Congé' })
    const audit = await auditEntries(world.backend, { entityType: 'agenda' })
    expect(audit).toEqual([
      expect.objectContaining({
        action: 'agenda.reserve',
        note: 'Ecoles de Biviers - Périscolaire — Accueil du matin',
      }),
      expect.objectContaining({ action: 'agenda.reserve' }),
      expect.objectContaining({
        action: 'agenda.absence',
        note: 'Ecoles de Biviers - Périscolaire — Repas ; motif : Sortie scolaire',
      }),
    ])
  })

  it('is a usage error without exactly one action', async () => {
    const { code } = await run(
      'agenda',
      'set',
      '383306398666',
      '--service',
      'BIV-MATIN',
      '--dates',
      '2017-06-20',
    )
    expect(code).toBe(2)
  })

  it('names an unknown service code', async () => {
    const { code, err } = await run(
      'agenda',
      'set',
      '383306398666',
      '--service',
      'XX',
      '--dates',
      '2017-06-20',
      '--cancel',
    )
    expect(code).toBe(1)
    expect(err).toContain('Aucun service de code XX')
  })
})
