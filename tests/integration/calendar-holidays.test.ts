import { readFileSync } from 'node:fs'
import { join } from 'node:path'
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { missingHolidayYears } from '../../src-main/backend/calendar/holidays'
import { loadServiceCalendars } from '../../src-main/backend/calendar/service-days'
import type { Session } from '../../src-main/backend/context'
import type {
  HolidayRow,
  ImportOutcome,
  ImportPreview,
  MissingHolidays,
} from '../../src-shared/contract/calendar'
import { createTestBackend, signedInAdmin, type TestBackend } from '../helpers/backend'
import { serviceOf, statesOf, structureOf } from './calendar-helpers'

let backend: TestBackend
let admin: Session
beforeEach(async () => {
  backend = createTestBackend()
  admin = await signedInAdmin(backend)
})
afterEach(async () => backend.dispose())

const fixture = (name: string) => readFileSync(join(__dirname, '../fixtures/calendar', name), 'utf8')
const audits = (entityType: string) =>
  backend.services.db
    .selectFrom('audit_log')
    .select(['action', 'entity_id', 'changes', 'note', 'actor'])
    .where('entity_type', '=', entityType)
    .orderBy('id')
    .execute()

describe('school holidays shipped with Marelle', () => {
  it('July 2017 at Biviers (zone A): Grandes vacances from Saturday 8 to 31 July, Jour férié on the 14th', async () => {
    const structure = await structureOf(backend, admin, 'Ecoles de Biviers - Périscolaire')
    const service = await serviceOf(backend, admin, structure.id, 'PERI-MATIN')
    const calendar = (
      await loadServiceCalendars(backend.services.db, [service.id], '2017-07-01', '2017-07-31')
    ).get(service.id)!
    const expected = Array.from({ length: 31 }, (_, i) => {
      const day = String(i + 1).padStart(2, '0')
      if (i + 1 < 8) return `${day}:`
      return `${day}:${i + 1 === 14 ? 'jour_ferie' : 'grandes_vacances'}`
    })
    expect(statesOf(calendar.days)).toEqual(expected)
    expect(calendar.at('2017-07-14')).toMatchObject({ label: 'Fête Nationale', open: false })
    expect(calendar.at('2017-07-10')).toMatchObject({
      label: "Vacances d'Été",
      inHolidays: true,
      open: false,
    })
    expect(calendar.at('2017-07-07')).toMatchObject({ calendarState: null, open: true, capacity: 30 })
  })

  it('2025-2026 in zone A, as the shipped file gives it: start after class, resume in the morning', async () => {
    // The boundaries come from the CSV rows themselves (Grenoble, zone A).
    const csv = readFileSync(
      join(__dirname, '../../db/data/calendrier-scolaire/fr-en-calendrier-scolaire.csv'),
      'utf8',
    )
    const row = (description: string, population = '-') =>
      csv
        .split('\r\n')
        .map((l) => l.split(';'))
        .find(
          (c) => c[0] === description && c[1] === population && c[4] === 'Grenoble' && c[6] === '2025-2026',
        )!
    const toussaint = row('Vacances de la Toussaint')
    expect([toussaint[2], toussaint[3]]).toEqual(['2025-10-17T22:00:00+00:00', '2025-11-02T23:00:00+00:00'])
    const summer = row("Vacances d'Été", 'Élèves')
    expect(summer[3]).toBe('2026-08-31T22:00:00+00:00')

    const holidays = await backend.call<HolidayRow[]>(
      'calendar/holidays',
      { zone: 'A', schoolYear: '2025-2026' },
      admin,
    )
    expect(holidays.map((h) => `${h.name} ${h.startsOn} ${h.resumesOn} ${h.firstDay} ${h.lastDay}`)).toEqual([
      'Vacances de la Toussaint 2025-10-18 2025-11-03 2025-10-18 2025-11-02',
      'Vacances de Noël 2025-12-20 2026-01-05 2025-12-20 2026-01-04',
      "Vacances d'Hiver 2026-02-07 2026-02-23 2026-02-07 2026-02-22",
      'Vacances de Printemps 2026-04-04 2026-04-20 2026-04-04 2026-04-19',
      "Pont de l'Ascension 2026-05-14 2026-05-18 2026-05-15 2026-05-17",
      "Vacances d'Été 2026-07-04 2026-09-01 2026-07-04 2026-08-31",
    ])
    const structure = await structureOf(backend, admin, 'École')
    const service = await serviceOf(backend, admin, structure.id, 'MATIN')
    const cal = (
      await loadServiceCalendars(backend.services.db, [service.id], '2025-10-17', '2026-09-01')
    ).get(service.id)!
    expect(cal.at('2025-10-17')?.calendarState).toBeNull()
    expect(cal.at('2025-10-18')?.calendarState).toBe('petites_vacances')
    expect(cal.at('2025-11-02')?.calendarState).toBe('petites_vacances')
    expect(cal.at('2025-11-03')?.calendarState).toBeNull()
    // Ascension (Thursday 14 May 2026) is a public holiday; the bridge covers Friday 15.
    expect(cal.at('2026-05-14')?.calendarState).toBe('jour_ferie')
    expect(cal.at('2026-05-15')?.calendarState).toBe('petites_vacances')
    expect(cal.at('2026-05-18')?.calendarState).toBeNull()
    // Pupils resume on Tuesday 1 September 2026 (teachers' row left out).
    expect(cal.at('2026-08-31')?.calendarState).toBe('grandes_vacances')
    expect(cal.at('2026-09-01')?.calendarState).toBeNull()
  })

  it('Easter Monday is a public holiday; Alsace-Moselle adds Good Friday and 26 December', async () => {
    const plain = await structureOf(backend, admin, 'Biviers')
    const alsace = await structureOf(backend, admin, 'Metz', 'B', true)
    const a = await serviceOf(backend, admin, plain.id, 'A1')
    const b = await serviceOf(backend, admin, alsace.id, 'B1')
    const cals = await loadServiceCalendars(backend.services.db, [a.id, b.id], '2026-04-01', '2026-12-31')
    expect(cals.get(a.id)!.at('2026-04-06')).toMatchObject({
      calendarState: 'jour_ferie',
      label: 'Lundi de Pâques',
    })
    expect(cals.get(b.id)!.at('2026-04-06')?.calendarState).toBe('jour_ferie')
    // Friday 3 April 2026 is the last school day before the spring holidays of zone A.
    expect(cals.get(a.id)!.at('2026-04-03')?.calendarState).toBeNull()
    expect(cals.get(b.id)!.at('2026-04-03')).toMatchObject({
      calendarState: 'jour_ferie',
      label: 'Vendredi Saint',
    })
    expect(cals.get(a.id)!.at('2026-12-26')?.calendarState).toBeNull()
    expect(cals.get(b.id)!.at('2026-12-26')).toMatchObject({
      calendarState: 'jour_ferie',
      label: 'Saint Étienne',
    })
    const list = await backend.call<{ date: string; name: string }[]>(
      'calendar/publicHolidays',
      { year: 2017, alsaceMoselle: false },
      admin,
    )
    expect(list.map((h) => h.date)).toEqual([
      '2017-01-01',
      '2017-04-17',
      '2017-05-01',
      '2017-05-08',
      '2017-05-25',
      '2017-06-05',
      '2017-07-14',
      '2017-08-15',
      '2017-11-01',
      '2017-11-11',
      '2017-12-25',
    ])
  })
})

describe('import of the official calendar', () => {
  const preview = (name: string) =>
    backend.call<ImportPreview>('calendar/previewImport', { text: fixture(name), fileName: name }, admin)
  const apply = (name: string) =>
    backend.call<ImportOutcome>('calendar/applyImport', { text: fixture(name), fileName: name }, admin)

  for (const name of ['calendrier-api.csv', 'calendrier-libelles.csv', 'calendrier.json'])
    it(`${name}: preview writes nothing, import adds 8 periods, a second import adds nothing`, async () => {
      const before = await backend.call<HolidayRow[]>('calendar/holidays', {}, admin)
      const first = await preview(name)
      expect(first.counts).toEqual({ nouvelles: 8, modifiees: 0, identiques: 0 })
      expect(await backend.call<HolidayRow[]>('calendar/holidays', {}, admin)).toHaveLength(before.length)
      expect(await apply(name)).toEqual({ added: 8, updated: 0, unchanged: 0 })
      expect(await apply(name)).toEqual({ added: 0, updated: 0, unchanged: 8 })
      expect((await preview(name)).counts).toEqual({ nouvelles: 0, modifiees: 0, identiques: 8 })
      const after = await backend.call<HolidayRow[]>('calendar/holidays', { schoolYear: '2026-2027' }, admin)
      expect(after.find((h) => h.zone === 'A' && h.kind === 'grandes')).toMatchObject({
        name: "Vacances d'Été",
        startsOn: '2027-07-03',
        resumesOn: null,
        lastDay: null,
        source: `import : ${name}`,
      })
      const entries = await audits('school_holiday')
      expect(entries).toHaveLength(8)
      expect(entries[0]).toMatchObject({
        action: 'school_holiday.import',
        note: `Import du calendrier officiel : ${name}`,
      })
    })

  it('the ICS files: a per-zone one, then the combined one changes nothing already known and adds the rest', async () => {
    expect(await apply('Zone-A.ics')).toEqual({ added: 6, updated: 0, unchanged: 0 })
    const combined = await preview('Zone-A-B-C-Corse.ics')
    expect(combined.periods.map((p) => `${p.zone} ${p.name} ${p.status}`)).toEqual([
      'A Vacances de la Toussaint identique',
      "A Vacances d'Hiver identique",
      'B Vacances de la Toussaint nouvelle',
      'C Vacances de la Toussaint nouvelle',
      "C Vacances d'Hiver nouvelle",
      'Corse Vacances de la Toussaint nouvelle',
    ])
    expect(await apply('Zone-A-B-C-Corse.ics')).toEqual({ added: 4, updated: 0, unchanged: 2 })
  })

  it('a period published later with other dates is shown as changed, then corrected', async () => {
    await apply('calendrier-api.csv')
    const text = fixture('calendrier-api.csv').replace(
      "Vacances d'Été;Élèves;2027-07-02T22:00:00+00:00;2027-07-02T22:00:00+00:00;Grenoble",
      "Vacances d'Été;Élèves;2027-07-02T22:00:00+00:00;2027-08-31T22:00:00+00:00;Grenoble",
    )
    const shown = await backend.call<ImportPreview>(
      'calendar/previewImport',
      { text, fileName: 'v2.csv' },
      admin,
    )
    expect(shown.periods.filter((p) => p.status === 'modifiee')).toEqual([
      expect.objectContaining({
        zone: 'A',
        name: "Vacances d'Été",
        resumesOn: '2027-09-01',
        before: { startsOn: '2027-07-03', resumesOn: null },
      }),
    ])
    expect(await backend.call('calendar/applyImport', { text, fileName: 'v2.csv' }, admin)).toEqual({
      added: 0,
      updated: 1,
      unchanged: 7,
    })
  })

  it('refuses a file that is not the official calendar, in French, naming the file', async () => {
    await expect(
      backend.call('calendar/previewImport', { text: 'nom;prenom\nA;B\n', fileName: 'familles.csv' }, admin),
    ).rejects.toThrow(/^Fichier familles\.csv : Ce n’est pas le calendrier scolaire officiel/)
  })
})

describe('missing school years', () => {
  it('says plainly which years a zone lacks and how to import them, until they are imported', async () => {
    backend.clock.current = new Date('2026-11-27T09:00:00Z')
    expect(await missingHolidayYears(backend.services.db, 'A', '2026-06-30')).toEqual(['2026-2027'])
    await structureOf(backend, admin, 'Biviers')
    const missing = await backend.call<MissingHolidays[]>('calendar/missingHolidays', {}, admin)
    expect(missing).toEqual([
      {
        zone: 'A',
        years: ['2026-2027', '2027-2028'],
        message: expect.stringMatching(
          /^Les vacances scolaires de la zone A ne sont pas connues pour les années scolaires 2026-2027 et 2027-2028 .*Calendrier → Vacances scolaires/,
        ),
      },
    ])
    await backend.call(
      'calendar/applyImport',
      { text: fixture('calendrier-api.csv'), fileName: 'c.csv' },
      admin,
    )
    expect(await backend.call<MissingHolidays[]>('calendar/missingHolidays', { zone: 'A' }, admin)).toEqual([
      { zone: 'A', years: ['2027-2028'], message: expect.stringContaining('l’année scolaire 2027-2028') },
    ])
  })
})

describe('periods typed by hand', () => {
  it('adds, corrects and deletes a period, each change audited', async () => {
    const added = await backend.call<HolidayRow>(
      'calendar/saveHoliday',
      { zone: 'A', name: "Vacances d'Été", kind: 'grandes', startsOn: '03/07/2027', resumesOn: null },
      admin,
    )
    expect(added).toMatchObject({
      schoolYear: '2026-2027',
      startsOn: '2027-07-03',
      source: 'saisie',
      firstDay: '2027-07-03',
    })
    const corrected = await backend
      .call<HolidayRow>(
        'calendar/saveHoliday',
        { ...added, id: added.id, version: added.version, resumesOn: '2027-09-01', firstDay: undefined },
        admin,
      )
      .catch((e) => e)
    expect(corrected).toBeInstanceOf(Error) // unknown fields are refused
    const fixed = await backend.call<HolidayRow>(
      'calendar/saveHoliday',
      {
        id: added.id,
        version: added.version,
        zone: 'A',
        name: "Vacances d'Été",
        kind: 'grandes',
        startsOn: '2027-07-03',
        resumesOn: '2027-09-01',
      },
      admin,
    )
    expect(fixed).toMatchObject({ version: 2, resumesOn: '2027-09-01', lastDay: '2027-08-31' })
    await expect(
      backend.call(
        'calendar/saveHoliday',
        { zone: 'A', name: 'Pont', kind: 'petites', startsOn: '2027-05-10', resumesOn: '2027-05-05' },
        admin,
      ),
    ).rejects.toThrow('Reprise des cours (le matin) : doit être après le début')
    await expect(backend.call('calendar/deleteHoliday', { id: added.id, version: 1 }, admin)).rejects.toThrow(
      /modifié\(e\) entre-temps/,
    )
    await backend.call('calendar/deleteHoliday', { id: added.id, version: 2 }, admin)
    expect((await audits('school_holiday')).map((a) => a.action)).toEqual([
      'school_holiday.create',
      'school_holiday.update',
      'school_holiday.delete',
    ])
    const update = (await audits('school_holiday'))[1]
    expect(JSON.parse(update.changes!)).toEqual([
      { field: 'resumesOn', label: 'Reprise des cours (le matin)', before: null, after: '2027-09-01' },
    ])
  })
})
