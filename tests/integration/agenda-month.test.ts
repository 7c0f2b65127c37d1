import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { computeAgenda } from '../../src-main/backend/agenda/index'
import { childMonth, serviceMonth } from '../../src-main/backend/agenda/views'
import type { AgendaChildView } from '../../src-shared/contract/agenda'
import { type AgendaWorld, agendaWorld } from './agenda-fixture'

let world: AgendaWorld
beforeEach(async () => {
  world = await agendaWorld()
})
afterEach(async () => {
  await world.backend.dispose()
})

async function seedServices() {
  const morning = await world.addService({
    code: 'BIV-MATIN',
    name: 'Accueil du matin',
    kind: 'accueil_matin',
  })
  const evening = await world.addService({ code: 'BIV-SOIR', name: 'Accueil du soir', kind: 'accueil_soir' })
  const meals = await world.addService({ code: 'BIV-REPAS', name: 'Repas', kind: 'restauration' })
  return { morning, evening, meals }
}

const letters = (view: AgendaChildView, row: number) =>
  view.rows[row].cells.map((c) => c.letter ?? '.').join('')

describe('the seed’s July 2017 (TEST ENFANT, Biviers, zone A)', () => {
  it('shows G from 8 to 31 July and F on the 14th, in all three rows, nothing before', async () => {
    const { morning, evening, meals } = await seedServices()
    // Enrolled in the three services for the school year, with no regular day.
    for (const id of [morning, evening, meals])
      await world.enrol(id, '2016-09-01', 0, { endsOn: '2017-08-31' })
    const view = await childMonth(world.db, world.childId, '2017-07')
    expect(view.rows.map((r) => `${r.structureName} / ${r.serviceName}`)).toEqual([
      'Ecoles de Biviers - Périscolaire / Accueil du matin',
      'Ecoles de Biviers - Périscolaire / Repas',
      'Ecoles de Biviers - Périscolaire / Accueil du soir',
    ])
    for (let row = 0; row < 3; row++) {
      expect(letters(view, row)).toBe('.......GGGGGGFGGGGGGGGGGGGGGGGG')
      expect(view.rows[row].cells).toHaveLength(31)
    }
    const cells = view.rows[0].cells
    expect(cells[6]).toMatchObject({ date: '2017-07-07', state: null, letter: null })
    expect(cells[7]).toMatchObject({
      date: '2017-07-08',
      state: 'grandes_vacances',
      label: 'Grandes vacances',
      letter: 'G',
    })
    expect(cells[13]).toMatchObject({
      date: '2017-07-14',
      state: 'jour_ferie',
      label: 'Jour férié',
      letter: 'F',
    })
    expect(cells[12].state).toBe('grandes_vacances')
    expect(cells[14].state).toBe('grandes_vacances')
    expect(cells[30]).toMatchObject({ date: '2017-07-31', state: 'grandes_vacances' })
    expect(view.notices).toEqual([])
  })

  it('says when the school holidays of the month’s school year are not known', async () => {
    const { morning } = await seedServices()
    await world.enrol(morning, '2030-09-01', 0)
    const view = await childMonth(world.db, world.childId, '2030-10')
    expect(view.notices).toHaveLength(1)
    expect(view.notices[0]).toContain('zone A pour l’année 2030-2031 ne sont pas connues')
    expect(view.notices[0]).toContain('calendar import')
  })

  it('says when the current or next school year has no holidays known, in every agenda', async () => {
    const { morning } = await seedServices()
    await world.enrol(morning, '2016-09-01', 0)
    const view = await childMonth(world.db, world.childId, '2017-07', '2031-12-01')
    expect(view.notices.map((n) => n.slice(0, 70))).toEqual([
      'Les vacances scolaires de la zone A pour l’année 2031-2032 ne sont pas',
      'Les vacances scolaires de la zone A pour l’année 2032-2033 ne sont pas',
    ])
    expect(view.notices[0]).toMatch(/ne sont pas connues\. Importez le calendrier scolaire officiel/)
  })
})

describe('the computed agenda', () => {
  it('shows regular days, empty term-time weekends and the holidays on weekends too', async () => {
    const { morning } = await seedServices()
    await world.enrol(morning, '2017-06-01', 1 | 2 | 8 | 16)
    const { rows } = await computeAgenda(world.db, { childIds: [world.childId] }, '2017-07-01', '2017-07-10')
    expect(rows[0].cells.map((c) => c.state)).toEqual([
      null, // Sa 1
      null, // Di 2
      'regulier', // Lu 3
      'regulier', // Ma 4
      null, // Me 5: the service does not open on Wednesdays
      'regulier', // Je 6
      'regulier', // Ve 7: last class day
      'grandes_vacances', // Sa 8
      'grandes_vacances', // Di 9
      'grandes_vacances', // Lu 10: closed in the holidays
    ])
  })

  it('holiday boundaries of 2025-2026 from the shipped calendar: after class on the start day, back the morning of the end day', async () => {
    const { meals } = await seedServices()
    await world.enrol(meals, '2025-09-01', SCHOOL_WEEK_ALL)
    const at = async (from: string, to: string) =>
      (await computeAgenda(world.db, { childIds: [world.childId] }, from, to)).rows[0].cells.map(
        (c) => c.letter ?? '.',
      )
    // Toussaint 2025, zone A: from Saturday 18 October; 1 November is a public holiday; back on Monday 3 November.
    expect((await at('2025-10-16', '2025-11-03')).join('')).toBe('XXPPPPPPPPPPPPPPFPX')
    // Summer 2026: the last class is Friday 3 July, the holidays run from Saturday 4 July.
    expect((await at('2026-07-02', '2026-07-06')).join('')).toBe('XXGGG')
  })

  it('Easter Monday is a Jour férié, inside the spring holidays too (17 April 2017)', async () => {
    const { meals } = await seedServices()
    await world.enrol(meals, '2017-01-01', SCHOOL_WEEK_ALL)
    const { rows } = await computeAgenda(world.db, { childIds: [world.childId] }, '2017-04-14', '2017-04-18')
    expect(rows[0].cells.map((c) => c.state)).toEqual([
      'regulier', // Ve 14: classes until the evening
      'petites_vacances', // Sa 15
      'petites_vacances',
      'jour_ferie', // Lu 17: lundi de Pâques
      'petites_vacances',
    ])
    expect(rows[0].cells[3].detail).toBe('Lundi de Pâques')
  })

  it('a closure wins over the regular days and ends with its last day', async () => {
    const { evening } = await seedServices()
    await world.enrol(evening, '2017-05-01', SCHOOL_WEEK_ALL)
    await world.close({ serviceId: evening }, '2017-06-08', '2017-06-09', 'Formation des animateurs')
    const { rows } = await computeAgenda(world.db, { childIds: [world.childId] }, '2017-06-06', '2017-06-12')
    expect(rows[0].cells.map((c) => c.state)).toEqual([
      'regulier', // Ma 6
      null, // Me 7
      'fermeture', // Je 8
      'fermeture', // Ve 9
      null,
      null,
      'regulier', // Lu 12
    ])
    expect(rows[0].cells[2].detail).toBe('Formation des animateurs')
  })

  it('one week in two counts from the Monday given', async () => {
    const { morning } = await seedServices()
    await world.enrol(morning, '2017-05-01', 1, { alternateFrom: '2017-05-10' })
    const { rows } = await computeAgenda(world.db, { childIds: [world.childId] }, '2017-05-01', '2017-05-31')
    const mondays = rows[0].cells.filter((c) => c.state === 'regulier').map((c) => c.date)
    // Weeks of 8, 22 May (from the Monday 8 May, the week of the 10th); 8 May is a public holiday.
    expect(mondays).toEqual(['2017-05-22'])
    expect(rows[0].cells.find((c) => c.date === '2017-05-08')?.state).toBe('jour_ferie')
    expect(rows[0].cells.find((c) => c.date === '2017-05-15')?.state).toBe(null)
    expect(rows[0].cells.find((c) => c.date === '2017-05-29')?.state).toBe(null)
  })

  it('a service month counts the children expected against the capacity', async () => {
    const meals = await world.addService({ code: 'R', name: 'Repas', kind: 'restauration', capacity: 2 })
    const other = await world.addChild('383306398667', 'SECOND')
    await world.enrol(meals, '2017-06-01', SCHOOL_WEEK_ALL)
    await world.enrol(meals, '2017-06-01', 1, { childId: other })
    const view = await serviceMonth(world.db, meals, '2017-06')
    expect(view.rows.map((r) => r.firstName)).toEqual(['ENFANT', 'SECOND'])
    const day = (d: string) => view.days.find((x) => x.date === d)
    expect(day('2017-06-12')).toMatchObject({ expected: 2, capacity: 2, open: true })
    expect(day('2017-06-13')).toMatchObject({ expected: 1, capacity: 2 })
    expect(day('2017-06-05')).toMatchObject({ expected: 0, calendarState: 'jour_ferie', open: false })
  })
})

const SCHOOL_WEEK_ALL = 1 | 2 | 8 | 16
