import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { assessAgendaDates, computeAgenda } from '../../src-main/backend/agenda/index'
import { type AgendaWorld, agendaWorld, SCHOOL_WEEK } from './agenda-fixture'

let world: AgendaWorld
beforeEach(async () => {
  world = await agendaWorld()
})
afterEach(async () => {
  await world.backend.dispose()
})

async function stateOn(serviceId: number, day: string, childId = world.childId) {
  const { rows } = await computeAgenda(world.db, { childIds: [childId] }, day, day)
  return rows.find((r) => r.serviceId === serviceId)?.cells[0].state ?? null
}

function audit() {
  return world.db
    .selectFrom('audit_log')
    .select(['action', 'entity_type', 'child_id', 'changes', 'note'])
    .where('entity_type', '=', 'agenda')
    .orderBy('id')
    .execute() as Promise<{ action: string; child_id: number; changes: string; note: string }[]>
}

const TWO_WORKING_DAYS = { kind: 'days_before', days: 2, count: 'working', time: '18:00' } as const

describe('reservations', () => {
  it('a reservation on a reservation service is Réservé; cancelled on time it disappears', async () => {
    const svc = await world.addService({
      code: 'S',
      name: 'Accueil du soir',
      kind: 'accueil_soir',
      attendance: 'reservation',
      booking: TWO_WORKING_DAYS,
      cancel: TWO_WORKING_DAYS,
    })
    await world.enrol(svc, '2017-06-01', 0)
    const out = await world.act({
      childId: world.childId,
      serviceId: svc,
      dates: ['2017-06-20', '2017-06-21'],
      action: 'reserve',
      at: '2017-06-15T10:00:00Z',
    })
    expect(out).toEqual([
      { date: '2017-06-20', outcome: 'applied', state: 'reserve', reason: null, late: false },
      { date: '2017-06-21', outcome: 'refused', state: null, reason: 'service fermé ce jour', late: false },
    ])
    expect(await stateOn(svc, '2017-06-20')).toBe('reserve')
    const entries = await audit()
    expect(entries).toHaveLength(1)
    expect(entries[0].action).toBe('agenda.reserve')
    expect(entries[0].note).toContain('Accueil du soir')
    expect(JSON.parse(entries[0].changes)).toEqual([
      { field: '2017-06-20', label: 'Accueil du soir — 20/06/2017', before: null, after: 'Réservé' },
    ])
    const cancel = await world.act({
      childId: world.childId,
      serviceId: svc,
      dates: ['2017-06-20'],
      action: 'cancel',
      at: '2017-06-16T10:00:00Z',
    })
    expect(cancel[0]).toMatchObject({ outcome: 'applied', state: null })
    expect(await stateOn(svc, '2017-06-20')).toBe(null)
  })

  it('an extra day beside a regular pattern is Réservations Hors Contrat', async () => {
    const svc = await world.addService({ code: 'M', name: 'Accueil du matin', kind: 'accueil_matin' })
    await world.enrol(svc, '2017-06-01', 1)
    const out = await world.act({
      childId: world.childId,
      serviceId: svc,
      dates: ['2017-06-19', '2017-06-20'],
      action: 'reserve',
    })
    expect(out.map((o) => [o.outcome, o.state, o.reason])).toEqual([
      ['unchanged', 'regulier', 'déjà prévu (Régulier)'],
      ['applied', 'reservation_hors_contrat', null],
    ])
  })

  it('late: refused where the service refuses, accepted by staff with a reason where it lets them', async () => {
    const refusing = await world.addService({
      code: 'A',
      name: 'Repas',
      kind: 'restauration',
      attendance: 'reservation',
      booking: TWO_WORKING_DAYS,
      latePolicy: 'refuse',
    })
    const lenient = await world.addService({
      code: 'B',
      name: 'Accueil du soir',
      kind: 'accueil_soir',
      attendance: 'reservation',
      booking: TWO_WORKING_DAYS,
      latePolicy: 'staff',
    })
    for (const s of [refusing, lenient]) await world.enrol(s, '2017-05-01', 0)
    // Tuesday 9 May 2017: the limit is Thursday 4 May at 18:00 (weekend and 8 May between).
    const at = '2017-05-05T07:00:00Z'
    const [refused] = await world.act({
      childId: world.childId,
      serviceId: refusing,
      dates: ['2017-05-09'],
      action: 'reserve',
      at,
    })
    expect(refused).toMatchObject({
      outcome: 'refused',
      reason: 'hors délai (limite : jeudi 04/05/2017 à 18 h 00)',
    })
    const [noReason] = await world.act({
      childId: world.childId,
      serviceId: lenient,
      dates: ['2017-05-09'],
      action: 'reserve',
      at,
    })
    expect(noReason.reason).toBe(
      'hors délai (limite : jeudi 04/05/2017 à 18 h 00) : indiquez le motif du retard pour accepter',
    )
    const [accepted] = await world.act({
      childId: world.childId,
      serviceId: lenient,
      dates: ['2017-05-09'],
      action: 'reserve',
      at,
      lateReason: 'Rendez-vous médical du parent',
    })
    expect(accepted).toMatchObject({ outcome: 'applied', state: 'reserve', late: true })
    const row = await world.db
      .selectFrom('agenda_exceptions')
      .select(['late', 'late_reason'])
      .executeTakeFirst()
    expect(row).toEqual({ late: 1, late_reason: 'Rendez-vous médical du parent' })
    expect((await audit()).at(-1)?.note).toContain('hors délai, accepté : Rendez-vous médical du parent')
    // On time just before the limit.
    const [onTime] = await world.act({
      childId: world.childId,
      serviceId: refusing,
      dates: ['2017-05-09'],
      action: 'reserve',
      at: '2017-05-04T15:59:00Z',
    })
    expect(onTime.outcome).toBe('applied')
  })
})

describe('absences', () => {
  it('on time: Congé; late: Absent facturé, then justified in time: Absent exécuté', async () => {
    const meals = await world.addService({
      code: 'R',
      name: 'Repas',
      kind: 'restauration',
      cancel: TWO_WORKING_DAYS,
      billsLateAbsence: true,
      justificationDays: 7,
    })
    await world.enrol(meals, '2017-05-01', SCHOOL_WEEK)
    const [onTime] = await world.act({
      childId: world.childId,
      serviceId: meals,
      dates: ['2017-05-15'],
      action: 'absence',
      motif: 'Vacances en famille',
      at: '2017-05-10T10:00:00Z',
    })
    expect(onTime).toMatchObject({ outcome: 'applied', state: 'conge', late: false })
    const [late] = await world.act({
      childId: world.childId,
      serviceId: meals,
      dates: ['2017-05-16'],
      action: 'absence',
      motif: 'Malade',
      at: '2017-05-16T06:00:00Z',
    })
    expect(late).toMatchObject({ outcome: 'applied', state: 'absent_facture', late: true })
    const [noPaper] = await world.act({
      childId: world.childId,
      serviceId: meals,
      dates: ['2017-05-16'],
      action: 'justify',
      at: '2017-05-18T10:00:00Z',
    })
    expect(noPaper).toMatchObject({
      outcome: 'refused',
      reason: 'indiquez le justificatif (certificat médical…)',
    })
    const [tooLate] = await world.act({
      childId: world.childId,
      serviceId: meals,
      dates: ['2017-05-16'],
      action: 'justify',
      justification: 'Certificat médical',
      at: '2017-05-24T10:00:00Z',
    })
    expect(tooLate).toMatchObject({
      outcome: 'refused',
      reason: 'délai de justification dépassé (au plus tard le 23/05/2017)',
    })
    const [justified] = await world.act({
      childId: world.childId,
      serviceId: meals,
      dates: ['2017-05-16'],
      action: 'justify',
      justification: 'Certificat médical',
      at: '2017-05-23T10:00:00Z',
    })
    expect(justified).toMatchObject({ outcome: 'applied', state: 'absent_execute' })
    const stored = await world.db
      .selectFrom('agenda_exceptions')
      .select(['state', 'justification', 'justified_on', 'note'])
      .where('day', '=', '2017-05-16')
      .executeTakeFirst()
    expect(stored).toEqual({
      state: 'absent_execute',
      justification: 'Certificat médical',
      justified_on: '2017-05-23',
      note: 'Malade',
    })
    // Cancelling the on-time absence gives the regular day back.
    await world.act({
      childId: world.childId,
      serviceId: meals,
      dates: ['2017-05-15'],
      action: 'cancel',
      at: '2017-05-11T10:00:00Z',
    })
    expect(await stateOn(meals, '2017-05-15')).toBe('regulier')
  })

  it('a late absence where the service does not bill it is a Congé', async () => {
    const meals = await world.addService({
      code: 'R',
      name: 'Repas',
      kind: 'restauration',
      cancel: TWO_WORKING_DAYS,
      billsLateAbsence: false,
    })
    await world.enrol(meals, '2017-05-01', SCHOOL_WEEK)
    const [out] = await world.act({
      childId: world.childId,
      serviceId: meals,
      dates: ['2017-05-16'],
      action: 'absence',
      at: '2017-05-16T06:00:00Z',
    })
    expect(out).toMatchObject({ state: 'conge', late: true })
  })

  it('no absence where nothing is expected', async () => {
    const meals = await world.addService({ code: 'R', name: 'Repas', kind: 'restauration' })
    await world.enrol(meals, '2017-05-01', 1)
    const [out] = await world.act({
      childId: world.childId,
      serviceId: meals,
      dates: ['2017-05-16'],
      action: 'absence',
    })
    expect(out).toMatchObject({ outcome: 'refused', reason: 'aucune présence prévue ce jour' })
  })
})

describe('capacity', () => {
  it('refuses a reservation on a full day, or puts it on the waiting list; a range capacity overrides', async () => {
    const svc = await world.addService({
      code: 'L',
      name: 'Accueil du soir',
      kind: 'accueil_soir',
      attendance: 'reservation',
      capacity: 1,
    })
    const other = await world.addChild('383306398667', 'SECOND')
    await world.enrol(svc, '2017-06-01', 0)
    await world.enrol(svc, '2017-06-01', 0, { childId: other })
    await world.act({
      childId: other,
      serviceId: svc,
      dates: ['2017-06-12', '2017-06-13'],
      action: 'reserve',
    })
    const [assessed] = await assessAgendaDates(world.db, {
      childId: world.childId,
      serviceId: svc,
      dates: ['2017-06-12'],
      action: 'reserve',
      at: new Date('2017-06-01T08:00:00Z'),
    })
    expect(assessed).toMatchObject({
      placesLeft: 0,
      onTime: true,
      blocked: 'complet : plus de place ce jour',
    })
    const [full] = await world.act({
      childId: world.childId,
      serviceId: svc,
      dates: ['2017-06-12'],
      action: 'reserve',
    })
    expect(full).toMatchObject({ outcome: 'refused', reason: 'complet : plus de place ce jour' })
    const [waiting] = await world.act({
      childId: world.childId,
      serviceId: svc,
      dates: ['2017-06-12'],
      action: 'reserve',
      waitlist: true,
    })
    expect(waiting).toMatchObject({ outcome: 'waitlisted', state: 'demande_en_attente' })
    const now = new Date().toISOString()
    await world.db
      .insertInto('service_capacities')
      .values({
        service_id: svc,
        starts_on: '2017-06-13',
        ends_on: '2017-06-13',
        capacity: 2,
        created_at: now,
        updated_at: now,
      })
      .execute()
    const [room] = await world.act({
      childId: world.childId,
      serviceId: svc,
      dates: ['2017-06-13'],
      action: 'reserve',
    })
    expect(room).toMatchObject({ outcome: 'applied', state: 'reserve' })
  })
})

describe('Erreur', () => {
  it('a reservation kept on a day that became closed shows Erreur, and cancelling it clears it', async () => {
    const svc = await world.addService({
      code: 'S',
      name: 'Accueil du soir',
      kind: 'accueil_soir',
      attendance: 'reservation',
    })
    await world.enrol(svc, '2017-06-01', 0)
    await world.act({ childId: world.childId, serviceId: svc, dates: ['2017-06-22'], action: 'reserve' })
    await world.close({}, '2017-06-22', '2017-06-23', 'Travaux')
    const { rows } = await computeAgenda(world.db, { childIds: [world.childId] }, '2017-06-22', '2017-06-23')
    expect(rows[0].cells.map((c) => c.state)).toEqual(['erreur', 'fermeture'])
    expect(rows[0].cells[0].detail).toBe('Réservé un jour où service fermé (Travaux)')
    const [out] = await world.act({
      childId: world.childId,
      serviceId: svc,
      dates: ['2017-06-22'],
      action: 'cancel',
    })
    expect(out).toMatchObject({ outcome: 'applied', state: 'fermeture' })
  })

  it('a reservation left after its enrolment ended shows Erreur', async () => {
    const svc = await world.addService({
      code: 'S',
      name: 'Accueil du soir',
      kind: 'accueil_soir',
      attendance: 'reservation',
    })
    await world.enrol(svc, '2017-06-01', 0, { endsOn: '2017-06-30' })
    await world.act({ childId: world.childId, serviceId: svc, dates: ['2017-06-29'], action: 'reserve' })
    await world.db.updateTable('enrolments').set({ ends_on: '2017-06-15' }).execute()
    expect(await stateOn(svc, '2017-06-29')).toBe('erreur')
  })
})

describe('pending request dates', () => {
  it('show « en cours de traitement » over the state under, never over a public holiday', async () => {
    const svc = await world.addService({ code: 'M', name: 'Accueil du matin', kind: 'accueil_matin' })
    await world.enrol(svc, '2017-05-01', SCHOOL_WEEK)
    const { family_id } = await world.db
      .selectFrom('children')
      .select('family_id')
      .where('id', '=', world.childId)
      .executeTakeFirstOrThrow()
    const now = new Date().toISOString()
    const { id } = await world.db
      .insertInto('requests')
      .values({
        ref: 'P-1',
        channel: 'portail',
        submitted_at: '2017-05-01T10:00:00',
        submitted_at_utc: '2017-05-01T08:00:00Z',
        received_at: now,
        family_id,
        child_id: world.childId,
        kind: 'absence.declare',
        payload: '{}',
        created_at: now,
        updated_at: now,
      })
      .returning('id')
      .executeTakeFirstOrThrow()
    await world.db
      .insertInto('agenda_request_days')
      .values(
        ['2017-05-08', '2017-05-09'].map((day) => ({
          request_id: id,
          day,
          child_id: world.childId,
          service_id: svc,
          action: 'absence.declare' as const,
        })),
      )
      .execute()
    const { rows, expected } = await computeAgenda(world.db, { serviceId: svc }, '2017-05-08', '2017-05-09')
    expect(rows[0].cells.map((c) => c.state)).toEqual(['jour_ferie', 'absence_en_cours'])
    // Until decided, the regular day still holds its place.
    expect(expected.get(svc)).toEqual([0, 1])
  })
})
