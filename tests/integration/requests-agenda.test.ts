import { type RawBuilder, sql } from 'kysely'
import { describe, expect, it } from 'vitest'
import type { AgendaChildView } from '../../src-shared/contract/agenda'
import type { BulkSummary, DecisionsExport, RequestReview } from '../../src-shared/contract/requests'
import { auditRows } from '../helpers/families'
import { requestLine, requestsFixture } from '../helpers/requests'

// Portal reservations and absences decided date by date (docs/demandes-portail.md).
// The requests are sent on Monday 03/07/2017 at 10:xx (Paris). The Repas service
// opens Monday, Tuesday, Thursday and Friday, books 2 calendar days before at
// 18:00 (so Tuesday 04/07 is late, Thursday 06/07 and Friday 07/07 are on time),
// cancels the day before at 09:00, leaves late actions to staff and bills a late
// absence; it has 1 place a day, none on Friday 07/07.

const t = requestsFixture()

/** Rows of a query written with kysely's sql tag (SQL both engines run), through ctx.db. */
const all = async (query: RawBuilder<unknown>) => (await query.execute(t.backend.services.db)).rows as never[]

async function setUp(weekdays = 0) {
  const structure = await t.backend.call<{ id: number }>(
    'calendar/saveStructure',
    { name: 'Ecoles de Biviers - Périscolaire', zone: 'A', alsaceMoselle: false },
    t.admin,
  )
  const service = await t.backend.call<{ id: number }>(
    'calendar/saveService',
    {
      structureId: structure.id,
      name: 'Repas',
      code: 'BIV-REPAS',
      kind: 'restauration',
      termWeekdays: 1 + 2 + 8 + 16,
      holidayWeekdays: 0,
      capacity: 1,
      capacities: [{ startsOn: '2017-07-07', endsOn: '2017-07-07', capacity: 0 }],
      attendance: 'reservation',
      bookingDeadline: { kind: 'days_before', days: 2, count: 'calendar', time: '18:00' },
      cancelDeadline: { kind: 'days_before', days: 1, count: 'calendar', time: '09:00' },
      latePolicy: 'staff',
      billsLateAbsence: true,
      justificationDays: 3,
      unplannedState: 'heure_hors_contrat',
    },
    t.admin,
  )
  const child = await t.api.child()
  await t.backend.call(
    'agenda/enrolments/create',
    { childId: child.id, serviceId: service.id, startsOn: '2017-06-01', weekdays },
    t.admin,
  )
  return { serviceId: service.id, childId: child.id }
}

const month = async (childId: number) =>
  t.backend.call<AgendaChildView>('agenda/child', { childId, month: '2017-07' }, t.admin)

const cell = (view: AgendaChildView, day: string) =>
  view.rows[0].cells.find((c) => c.date === day)?.state ?? null

/** Decides each date: 'accept', 'refuse' or 'waitlist', with an optional reason. */
async function decide(ref: string, plan: Record<string, ['accept' | 'refuse' | 'waitlist', string?]>) {
  const review = await t.api.byRef(ref)
  return t.backend.call<RequestReview>(
    'requests/decide',
    {
      id: review.id,
      version: review.version,
      outcomes: review.lines.map((l) => {
        const [what, reason] = plan[l.field]
        return {
          field: l.field,
          accept: what === 'accept',
          ...(what === 'waitlist' ? { waitlist: true } : {}),
          ...(reason ? { reason } : {}),
        }
      }),
    },
    t.admin,
  )
}

async function refusal(promise: Promise<unknown>): Promise<string> {
  try {
    await promise
  } catch (error) {
    return (error as { payload: { message: string } }).payload.message
  }
  throw new Error('expected a refusal')
}

async function exported(): Promise<Record<string, unknown>[]> {
  const file = await t.backend.call<DecisionsExport>(
    'requests/exportDecisions',
    { since: '2017-07-01' },
    t.admin,
  )
  return file.text
    .trim()
    .split('\n')
    .map((l) => JSON.parse(l))
}

describe('intake of reservation and absence requests', () => {
  it('shows the dates as « Réservation en cours de traitement » on the agenda while pending', async () => {
    const { childId } = await setUp()
    await t.api.import(
      requestLine(1, 'reservation.add', { service: 'repas', dates: ['2017-07-06', '2017-07-04'] }),
    )
    const rows = await all(sql`SELECT day, action FROM agenda_request_days ORDER BY day`)
    expect(rows).toEqual([
      { day: '2017-07-04', action: 'reservation.add' },
      { day: '2017-07-06', action: 'reservation.add' },
    ])
    const view = await month(childId)
    expect(cell(view, '2017-07-04')).toBe('reservation_en_cours')
    expect(cell(view, '2017-07-06')).toBe('reservation_en_cours')
    // The summer holidays of zone A start after class on Saturday 08/07/2017 (shipped calendar).
    expect(cell(view, '2017-07-10')).toBe('grandes_vacances')
  })

  it('an absence by the service’s code shows « Absence en cours de traitement »', async () => {
    const { childId } = await setUp(2 + 8)
    await t.api.import(
      requestLine(1, 'absence.declare', { service: 'BIV-REPAS', dates: ['2017-07-06'], motif: 'Malade' }),
    )
    expect(cell(await month(childId), '2017-07-06')).toBe('absence_en_cours')
    expect(cell(await month(childId), '2017-07-04')).toBe('regulier')
  })

  it('an unknown service puts the request « À vérifier » with a French note, and nothing on the agenda', async () => {
    await setUp()
    await t.api.import(requestLine(1, 'reservation.add', { service: 'Piscine', dates: ['2017-07-06'] }))
    const review = await t.api.byRef('T-000001')
    expect(review.needsReview).toBe(true)
    expect(review.blocked).toContain('Service « Piscine » inconnu')
    expect(await all(sql`SELECT * FROM agenda_request_days`)).toEqual([])
    expect(await refusal(t.api.decide('T-000001', 'all'))).toContain('Service « Piscine » inconnu')
    const closed = await t.api.decide('T-000001', 'none', { action: 'close' })
    expect(closed.state).toBe('closed')
  })
})

describe('requests that replace one another', () => {
  it('a newer request for the same dates replaces the older one, whose dates leave the agenda', async () => {
    const { childId } = await setUp()
    await t.api.import(requestLine(1, 'reservation.add', { service: 'Repas', dates: ['2017-07-06'] }))
    await t.api.import(
      requestLine(2, 'reservation.add', { service: 'Repas', dates: ['2017-07-06', '2017-07-07'] }),
    )
    expect((await t.api.byRef('T-000001')).state).toBe('replaced')
    expect(
      await all(
        sql`SELECT r.ref, d.day FROM agenda_request_days d JOIN requests r ON r.id = d.request_id ORDER BY d.day`,
      ),
    ).toEqual([
      { ref: 'T-000002', day: '2017-07-06' },
      { ref: 'T-000002', day: '2017-07-07' },
    ])
    expect(cell(await month(childId), '2017-07-06')).toBe('reservation_en_cours')
    const closed = await t.api.decide('T-000002', 'none', { action: 'close' })
    expect(closed.state).toBe('closed')
    expect(await all(sql`SELECT * FROM agenda_request_days`)).toEqual([])
    // Closing applies nothing: no « Réservation refusée » either.
    expect(cell(await month(childId), '2017-07-06')).toBeNull()
  })
})

describe('review and decision date by date', () => {
  it('shows each date’s state, deadline at submitted_at and places left', async () => {
    await setUp()
    await t.api.import(
      requestLine(1, 'reservation.add', {
        service: 'Repas',
        dates: ['2017-07-04', '2017-07-06', '2017-07-07'],
      }),
    )
    const review = await t.api.byRef('T-000001')
    expect(review.blocked).toBeNull()
    expect(review.agenda).toMatchObject({
      serviceName: 'Repas',
      serviceCode: 'BIV-REPAS',
      structureName: 'Ecoles de Biviers - Périscolaire',
      canWaitlist: true,
    })
    expect(review.agenda?.days.map((d) => [d.date, d.onTime, d.placesLeft, d.state])).toEqual([
      ['2017-07-04', false, 1, null],
      ['2017-07-06', true, 1, null],
      ['2017-07-07', true, 0, null],
    ])
    expect(review.agenda?.days[0].deadline).toContain('02/07/2017')
  })

  it('accepts one date, waitlists a full one, refuses the other: agenda, reply and export say so', async () => {
    const { childId } = await setUp()
    await t.api.import(
      requestLine(1, 'reservation.add', {
        service: 'Repas',
        dates: ['2017-07-04', '2017-07-06', '2017-07-07'],
      }),
    )
    const decided = await decide('T-000001', {
      '2017-07-04': ['refuse', 'délai dépassé'],
      '2017-07-06': ['accept'],
      '2017-07-07': ['waitlist'],
    })
    expect(decided.state).toBe('partial')
    expect(decided.agenda?.days.map((d) => d.decision)).toEqual(['refusée', 'acceptée', 'en attente'])
    const view = await month(childId)
    expect([cell(view, '2017-07-04'), cell(view, '2017-07-06'), cell(view, '2017-07-07')]).toEqual([
      'reservation_refusee',
      'reserve',
      'demande_en_attente',
    ])
    expect(await all(sql`SELECT * FROM agenda_request_days`)).toEqual([])
    expect(decided.reply).toContain('Dates acceptées :\n- 06/07/2017 : Repas : réservation acceptée')
    expect(decided.reply).toContain('Dates non retenues :\n- 04/07/2017 : délai dépassé')
    expect(decided.reply).toContain(
      '- 07/07/2017 : complet ce jour-là : votre demande est sur la liste d’attente',
    )
    const [line] = await exported()
    expect(line).toMatchObject({ ref: 'T-000001', state: 'partiellement validée', accepted: ['2017-07-06'] })
    expect(line.dates).toEqual([
      { date: '2017-07-04', state: 'refusée', reason: 'délai dépassé' },
      { date: '2017-07-06', state: 'acceptée', reason: null },
      {
        date: '2017-07-07',
        state: 'en attente',
        reason: 'complet ce jour-là : votre demande est sur la liste d’attente',
      },
    ])
    const audit = await auditRows(t.backend, "action LIKE 'agenda.%'")
    expect(audit.map((a) => a.request_id)).toEqual([decided.id, decided.id, decided.id])
  })

  it('a late date accepted needs the reason on its line, then is applied as late', async () => {
    const { childId } = await setUp()
    await t.api.import(requestLine(1, 'reservation.add', { service: 'Repas', dates: ['2017-07-04'] }))
    const message = await refusal(decide('T-000001', { '2017-07-04': ['accept'] }))
    expect(message).toContain('le 04/07/2017 : hors délai')
    expect(message).toContain('rien n’a été enregistré')
    expect(cell(await month(childId), '2017-07-04')).toBe('reservation_en_cours')
    const decided = await decide('T-000001', {
      '2017-07-04': ['accept', 'repas oublié, accord de la directrice'],
    })
    expect(decided.state).toBe('validated')
    const view = await month(childId)
    expect(cell(view, '2017-07-04')).toBe('reserve')
    expect(view.rows[0].cells.find((c) => c.date === '2017-07-04')?.late).toBe(true)
  })

  it('a late absence becomes Absent facturé; one on time is Congé', async () => {
    const { childId } = await setUp(2 + 8)
    await t.api.import(
      requestLine(1, 'absence.declare', {
        service: 'Repas',
        dates: ['2017-07-04', '2017-07-06'],
        motif: 'Malade',
      }),
    )
    const review = await t.api.byRef('T-000001')
    expect(review.agenda?.days.map((d) => [d.date, d.onTime, d.state])).toEqual([
      ['2017-07-04', false, 'regulier'],
      ['2017-07-06', true, 'regulier'],
    ])
    const decided = await decide('T-000001', {
      '2017-07-04': ['accept', 'prévenu par téléphone le matin'],
      '2017-07-06': ['accept'],
    })
    expect(decided.state).toBe('validated')
    const view = await month(childId)
    expect(cell(view, '2017-07-04')).toBe('absent_facture')
    expect(cell(view, '2017-07-06')).toBe('conge')
    expect((await exported())[0].dates).toEqual([
      { date: '2017-07-04', state: 'acceptée', reason: null },
      { date: '2017-07-06', state: 'acceptée', reason: null },
    ])
  })
})

describe('bulk validation of agenda requests', () => {
  it('applies a request only where every date is on time and has room, and says why it left the others', async () => {
    const { childId } = await setUp()
    await t.api.import(
      requestLine(1, 'reservation.add', { service: 'Repas', dates: ['2017-07-06'] }),
      requestLine(2, 'reservation.add', { service: 'Repas', dates: ['2017-07-04', '2017-07-10'] }),
      requestLine(5, 'reservation.add', { service: 'Repas', dates: ['2017-07-03'] }),
      requestLine(3, 'reservation.add', { service: 'Repas', dates: ['2017-07-07'] }),
      requestLine(4, 'reservation.add', { service: 'Cantine', dates: ['2017-07-10'] }),
    )
    const ids = (await t.api.list()).rows.map((r) => r.id)
    const summary = await t.backend.call<BulkSummary>('requests/bulkValidate', { ids }, t.admin)
    expect(summary.applied.map((a) => a.ref)).toEqual(['T-000001'])
    const skipped = Object.fromEntries(summary.skipped.map((s) => [s.ref, s.reason]))
    expect(Object.keys(skipped).sort()).toEqual(['T-000002', 'T-000003', 'T-000004', 'T-000005'])
    expect(skipped['T-000002']).toMatch(
      /^Dates refusées par l’agenda : le 04\/07\/2017 : hors délai .* ; le 10\/07\/2017 : service fermé ce jour/,
    )
    expect(skipped['T-000003']).toContain('le 07/07/2017 : complet')
    expect(skipped['T-000005']).toContain('le 03/07/2017 : hors délai')
    expect(skipped['T-000005']).toContain('rien n’a été enregistré')
    expect(skipped['T-000004']).toContain('Service « Cantine » inconnu')
    const view = await month(childId)
    expect(cell(view, '2017-07-06')).toBe('reserve')
    expect(cell(view, '2017-07-03')).toBe('reservation_en_cours')
  })
})
