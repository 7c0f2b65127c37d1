import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { loadServiceCalendars } from '../../src-main/backend/calendar/service-days'
import type { Session } from '../../src-main/backend/context'
import type { PeriodRow, ServiceRow, StructureRow } from '../../src-shared/contract/calendar'
import { createTestBackend, signedInAdmin, type TestBackend } from '../helpers/backend'
import { signedInAs } from '../helpers/families'
import { serviceInput, serviceOf, structureOf } from './calendar-helpers'

let backend: TestBackend
let admin: Session
beforeEach(async () => {
  backend = createTestBackend()
  admin = await signedInAdmin(backend)
})
afterEach(async () => backend.dispose())

const audits = (entityType: string) =>
  backend.services.db
    .selectFrom('audit_log')
    .select(['action', 'entity_id', 'entity_version', 'changes', 'actor'])
    .where('entity_type', '=', entityType)
    .orderBy('id')
    .execute()

describe('structures', () => {
  it('creates, edits and archives a structure, each change audited', async () => {
    const created = await structureOf(backend, admin, 'Ecoles de Biviers - Périscolaire')
    expect(created).toMatchObject({ zone: 'A', alsaceMoselle: false, active: true, version: 1, services: [] })
    const edited = await backend.call<StructureRow>(
      'calendar/saveStructure',
      { id: created.id, version: 1, name: created.name, zone: 'Corse', alsaceMoselle: false },
      admin,
    )
    expect(edited).toMatchObject({ zone: 'Corse', version: 2 })
    await expect(
      backend.call(
        'calendar/saveStructure',
        { id: created.id, version: 1, name: 'X', zone: 'A', alsaceMoselle: false },
        admin,
      ),
    ).rejects.toThrow(/modifié\(e\) entre-temps/)
    await expect(
      backend.call('calendar/saveStructure', { name: created.name, zone: 'A', alsaceMoselle: false }, admin),
    ).rejects.toThrow('Nom de la structure : une autre structure porte déjà ce nom')
    await expect(
      backend.call('calendar/saveStructure', { name: ' ', zone: 'D', alsaceMoselle: false }, admin),
    ).rejects.toThrow(/Nom de la structure : .*\nZone : valeur non reconnue/)
    await backend.call('calendar/archiveStructure', { id: created.id, version: 2, active: false }, admin)
    expect(await backend.call('calendar/structures', {}, admin)).toEqual([])
    expect(
      await backend.call<StructureRow[]>('calendar/structures', { includeArchived: true }, admin),
    ).toMatchObject([{ active: false, version: 3 }])
    const entries = await audits('structure')
    expect(entries.map((e) => e.action)).toEqual([
      'structure.create',
      'structure.update',
      'structure.archive',
    ])
    expect(JSON.parse(entries[1].changes!)).toEqual([
      { field: 'zone', label: 'Zone', before: 'A', after: 'Corse' },
    ])
    expect(entries[0].actor).toBe('Camille Admin')
  })
})

describe('who may change the calendar', () => {
  it('an agent reads structures, holidays and closures but changes none; a responsable may', async () => {
    const structure = await structureOf(backend, admin, 'Biviers')
    const agent = await signedInAs(backend, admin, 'agent')
    expect(await backend.call<StructureRow[]>('calendar/structures', {}, agent)).toHaveLength(1)
    expect(
      (await backend.call<unknown[]>('calendar/holidays', { zone: 'A', schoolYear: '2016-2017' }, agent))
        .length,
    ).toBe(5)
    await expect(structureOf(backend, agent, 'Montbonnot')).rejects.toThrow(
      'Votre rôle ne permet pas cette action.',
    )
    await expect(
      backend.call('calendar/applyImport', { text: 'x', fileName: 'x.csv' }, agent),
    ).rejects.toThrow('Votre rôle ne permet pas cette action.')
    const responsable = await signedInAs(backend, admin, 'responsable')
    expect(await serviceOf(backend, responsable, structure.id, 'MATIN')).toMatchObject({ code: 'MATIN' })
  })
})

describe('services', () => {
  it('creates a service with its opening days, capacities and rules, edits it, archives it', async () => {
    const structure = await structureOf(backend, admin, 'Biviers')
    const service = await serviceOf(backend, admin, structure.id, 'REPAS', {
      name: 'Repas',
      kind: 'Restauration',
      termWeekdays: 1 | 2 | 8 | 16,
      capacities: [{ startsOn: '01/09/2026', endsOn: '30/09/2026', capacity: 20 }],
      bookingDeadline: { kind: 'weekday_previous_week', weekday: 4, time: '12:00' },
      cancelDeadline: { kind: 'days_before', days: 2, count: 'working', time: '18:00' },
    })
    expect(service).toMatchObject({
      name: 'Repas',
      kind: 'restauration',
      termWeekdays: 27,
      holidayWeekdays: 0,
      capacity: 30,
      capacities: [{ startsOn: '2026-09-01', endsOn: '2026-09-30', capacity: 20 }],
      bookingDeadline: { kind: 'weekday_previous_week', weekday: 4, time: '12:00' },
      cancelDeadline: { kind: 'days_before', days: 2, count: 'working', time: '18:00' },
      billsLateAbsence: true,
      justificationDays: 3,
      active: true,
    })
    const cal = (
      await loadServiceCalendars(backend.services.db, [service.id], '2026-09-29', '2026-10-02')
    ).get(service.id)!
    expect(cal.days.map((d) => `${d.date} ${d.open} ${d.capacity}`)).toEqual([
      '2026-09-29 true 20',
      '2026-09-30 false 20', // Wednesday: not an opening day of this service
      '2026-10-01 true 30',
      '2026-10-02 true 30',
    ])
    const edited = await backend.call<ServiceRow>(
      'calendar/saveService',
      {
        ...serviceInput(structure.id, 'REPAS'),
        id: service.id,
        version: 1,
        name: 'Repas',
        kind: 'restauration',
        capacity: null,
      },
      admin,
    )
    expect(edited).toMatchObject({ capacity: null, capacities: [], version: 2 })
    const entries = await audits('service')
    expect(entries.map((e) => e.action)).toEqual(['service.create', 'service.update'])
    expect(JSON.parse(entries[1].changes!).map((c: { label: string }) => c.label)).toEqual([
      'Jours d’ouverture en période scolaire',
      'Capacité par jour',
      'Capacités sur une période',
      'Délai de réservation',
      'Délai d’annulation',
    ])
    await backend.call('calendar/archiveService', { id: service.id, version: 2, active: false }, admin)
    expect((await backend.call<StructureRow[]>('calendar/structures', {}, admin))[0].services).toEqual([])
    expect((await audits('service')).at(-1)?.action).toBe('service.archive')
  })

  it('refuses a code already used, overlapping capacities, a bad mask, naming the field in French', async () => {
    const structure = await structureOf(backend, admin, 'Biviers')
    await serviceOf(backend, admin, structure.id, 'MATIN')
    const other = await structureOf(backend, admin, 'Montbonnot')
    await expect(serviceOf(backend, admin, other.id, 'MATIN')).rejects.toThrow(
      'Code : un autre service a déjà ce code',
    )
    await expect(
      serviceOf(backend, admin, other.id, 'SOIR', {
        capacities: [
          { startsOn: '2026-09-01', endsOn: '2026-09-30', capacity: 20 },
          { startsOn: '2026-09-15', endsOn: '2026-10-15', capacity: 10 },
        ],
      }),
    ).rejects.toThrow('Capacités sur une période : deux périodes se chevauchent')
    await expect(serviceOf(backend, admin, other.id, 'SOIR', { termWeekdays: 200 })).rejects.toThrow(
      /^Jours d’ouverture en période scolaire :/,
    )
    await expect(serviceOf(backend, admin, other.id, 'SO IR')).rejects.toThrow(/^Code : lettres, chiffres/)
    await expect(
      serviceOf(backend, admin, other.id, 'SOIR', {
        bookingDeadline: { kind: 'days_before', days: 2, count: 'working', time: '25:00' },
      }),
    ).rejects.toThrow('Délai de réservation : heure invalide (hh:mm)')
    await expect(
      serviceOf(backend, admin, other.id, 'SOIR', { cancelDeadline: { kind: 'hier' } }),
    ).rejects.toThrow('Délai d’annulation : type de règle inconnu')
  })
})

describe('closures and exceptional openings', () => {
  it('a closure of the structure and an opening of one service change its days; each change audited', async () => {
    const structure = await structureOf(backend, admin, 'Biviers')
    const matin = await serviceOf(backend, admin, structure.id, 'MATIN')
    const soir = await serviceOf(backend, admin, structure.id, 'SOIR')
    const closure = await backend.call<PeriodRow>(
      'calendar/savePeriod',
      {
        structureId: structure.id,
        serviceId: null,
        kind: 'fermeture',
        startsOn: '05/10/2026',
        endsOn: '06/10/2026',
        label: 'Travaux',
      },
      admin,
    )
    expect(closure).toMatchObject({ structureName: 'Biviers', serviceName: null, startsOn: '2026-10-05' })
    const opening = await backend.call<PeriodRow>(
      'calendar/savePeriod',
      {
        structureId: structure.id,
        serviceId: soir.id,
        kind: 'ouverture',
        startsOn: '2026-10-10',
        endsOn: '2026-10-10',
        label: 'Fête de l’école',
      },
      admin,
    )
    const cals = await loadServiceCalendars(
      backend.services.db,
      [matin.id, soir.id],
      '2026-10-05',
      '2026-10-10',
    )
    const line = (id: number) =>
      cals.get(id)!.days.map((d) => `${d.date.slice(8)}:${d.calendarState ?? ''}:${d.open}`)
    expect(line(matin.id)).toEqual([
      '05:fermeture:false',
      '06:fermeture:false',
      '07::true',
      '08::true',
      '09::true',
      '10::false',
    ])
    expect(line(soir.id).at(-1)).toBe('10::true')
    expect(cals.get(matin.id)!.at('2026-10-05')?.label).toBe('Travaux')
    await expect(
      backend.call(
        'calendar/savePeriod',
        {
          structureId: structure.id,
          serviceId: null,
          kind: 'fermeture',
          startsOn: '2026-10-05',
          endsOn: '2026-10-01',
          label: 'x',
        },
        admin,
      ),
    ).rejects.toThrow('Au : la fin est avant le début')
    await expect(
      backend.call(
        'calendar/savePeriod',
        {
          structureId: structure.id,
          serviceId: null,
          kind: 'fermeture',
          startsOn: '2026-10-05',
          endsOn: '2026-10-06',
          label: '',
        },
        admin,
      ),
    ).rejects.toThrow(/^Motif : obligatoire pour une fermeture/)
    const moved = await backend.call<PeriodRow>(
      'calendar/savePeriod',
      {
        id: closure.id,
        version: closure.version,
        structureId: structure.id,
        serviceId: null,
        kind: 'fermeture',
        startsOn: '2026-10-05',
        endsOn: '2026-10-07',
        label: 'Travaux',
      },
      admin,
    )
    expect(moved).toMatchObject({ endsOn: '2026-10-07', version: 2 })
    await backend.call('calendar/deletePeriod', { id: opening.id, version: opening.version }, admin)
    expect(
      await backend.call<PeriodRow[]>('calendar/periods', { structureId: structure.id }, admin),
    ).toHaveLength(1)
    expect((await audits('calendar_period')).map((a) => a.action)).toEqual([
      'calendar_period.create',
      'calendar_period.create',
      'calendar_period.update',
      'calendar_period.delete',
    ])
  })
})
