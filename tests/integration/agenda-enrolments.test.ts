import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { computeAgenda } from '../../src-main/backend/agenda/index'
import type { AgendaOutcome, EnrolmentView } from '../../src-shared/contract/agenda'
import type { signedInAdmin } from '../helpers/backend'
import { type AgendaWorld, agendaWorld } from './agenda-fixture'

let world: AgendaWorld
let session: Awaited<ReturnType<typeof signedInAdmin>>
beforeEach(async () => {
  world = await agendaWorld()
  session = world.backend.session()
  await world.backend.call('auth/login', { login: 'admin', password: 'Marelle-2026!' }, session)
})
afterEach(async () => {
  await world.backend.dispose()
})

const call = <T>(channel: string, input: unknown) => world.backend.call<T>(channel, input, session)

async function regularDays(serviceId: number, from: string, to: string) {
  const { rows } = await computeAgenda(world.db, { serviceId }, from, to)
  return rows[0].cells.filter((c) => c.state === 'regulier').map((c) => c.date)
}

describe('enrolments through the channels', () => {
  it('a change from a date keeps the old pattern for the days before, and is audited', async () => {
    const svc = await world.addService({ code: 'M', name: 'Accueil du matin', kind: 'accueil_matin' })
    const created = await call<EnrolmentView>('agenda/enrolments/create', {
      childId: world.childId,
      serviceId: svc,
      startsOn: '2017-06-01',
      weekdays: 1,
    })
    expect(created).toMatchObject({
      state: 'validee',
      weekdays: 1,
      endsOn: null,
      serviceName: 'Accueil du matin',
    })
    const changed = await call<EnrolmentView[]>('agenda/enrolments/change', {
      enrolmentId: created.id,
      version: created.version,
      from: '2017-06-14',
      weekdays: 16,
    })
    expect(changed.map((e) => [e.startsOn, e.endsOn, e.weekdays])).toEqual([
      ['2017-06-01', '2017-06-13', 1],
      ['2017-06-14', null, 16],
    ])
    // 5 June 2017 is Whit Monday.
    expect(await regularDays(svc, '2017-06-05', '2017-06-23')).toEqual([
      '2017-06-12',
      '2017-06-16',
      '2017-06-23',
    ])
    const list = await call<EnrolmentView[]>('agenda/enrolments/list', { childId: world.childId })
    expect(list).toHaveLength(2)
    const audit = (await world.db
      .selectFrom('audit_log')
      .select(['action', 'changes', 'note'])
      .where('entity_type', '=', 'enrolment')
      .orderBy('id')
      .execute()) as { action: string; changes: string; note: string }[]
    expect(audit.map((a) => a.action)).toEqual(['enrolment.create', 'enrolment.update', 'enrolment.create'])
    expect(JSON.parse(audit[1].changes)).toEqual([
      { field: 'fin', label: 'Fin', before: null, after: '2017-06-13' },
    ])
    expect(audit[0].note).toBe('Ecoles de Biviers - Périscolaire — Accueil du matin')
  })

  it('refuses overlapping enrolments, an end before the start and a stale version, in French', async () => {
    const svc = await world.addService({ code: 'M', name: 'Accueil du matin', kind: 'accueil_matin' })
    const first = await call<EnrolmentView>('agenda/enrolments/create', {
      childId: world.childId,
      serviceId: svc,
      startsOn: '2017-06-01',
      weekdays: 1,
    })
    await expect(
      call('agenda/enrolments/create', {
        childId: world.childId,
        serviceId: svc,
        startsOn: '2017-09-01',
        weekdays: 2,
      }),
    ).rejects.toThrow('Une inscription à ce service couvre déjà cette période (du 01/06/2017, sans fin).')
    await expect(
      call('agenda/enrolments/end', { enrolmentId: first.id, version: first.version, endsOn: '2017-05-01' }),
    ).rejects.toThrow('Fin : avant le début (01/06/2017)')
    const ended = await call<EnrolmentView>('agenda/enrolments/end', {
      enrolmentId: first.id,
      version: first.version,
      endsOn: '2017-06-30',
    })
    expect(ended.endsOn).toBe('2017-06-30')
    await expect(
      call('agenda/enrolments/end', { enrolmentId: first.id, version: first.version, endsOn: '2017-06-29' }),
    ).rejects.toThrow('modifiée entre-temps')
  })
})

describe('agenda/act and agenda/child through the dispatcher', () => {
  it('answers each date, refused in French, and checks its input', async () => {
    const svc = await world.addService({
      code: 'S',
      name: 'Accueil du soir',
      kind: 'accueil_soir',
      attendance: 'reservation',
    })
    await world.enrol(svc, '2017-06-01', 0)
    const { outcomes } = await call<{ outcomes: AgendaOutcome[] }>('agenda/act', {
      childId: world.childId,
      serviceId: svc,
      dates: ['2030-06-18', '2030-06-22'],
      action: 'reserve',
    })
    expect(outcomes.map((o) => [o.date, o.outcome, o.reason])).toEqual([
      ['2030-06-18', 'applied', null],
      ['2030-06-22', 'refused', 'service fermé ce jour'],
    ])
    await expect(
      call('agenda/act', {
        childId: world.childId,
        serviceId: svc,
        dates: ['18/06/2030'],
        action: 'reserve',
      }),
    ).rejects.toThrow('date invalide')
    await expect(call('agenda/child', { childId: world.childId, month: '2030-6' })).rejects.toThrow(
      'mois invalide',
    )
    const view = await call<{ rows: { cells: { date: string; state: string | null }[] }[] }>('agenda/child', {
      childId: world.childId,
      month: '2030-06',
    })
    expect(view.rows[0].cells.find((c) => c.date === '2030-06-18')?.state).toBe('reserve')
  })
})
