import type { ChildFile } from '../../src-shared/contract/children'
import type { FamilyFile } from '../../src-shared/contract/families'
import { ADMIN_INPUT, type signedInAdmin } from '../helpers/backend'
import { type AgendaWorld, agendaWorld, SCHOOL_WEEK } from './agenda-fixture'

// A Biviers world for the billing tests: the meal service billed by the meal
// at four QF brackets ([0,500) 1.00 €, [500,900) 2.10 €, [900,1300) 3.20 €,
// 1300 and unknown 4.10 €), TEST ENFANT eating from Monday 6 to Monday 27
// March 2017 (13 school days, the winter holidays ending on the 6th).

export const BRACKETS = [
  { qfMin: 0, priceCents: 100 },
  { qfMin: 500, priceCents: 210 },
  { qfMin: 900, priceCents: 320 },
  { qfMin: 1300, priceCents: 410 },
]

export const TWO_WORKING_DAYS = { kind: 'days_before', days: 2, count: 'working', time: '10:00' } as const

export interface BillingWorld extends AgendaWorld {
  meals: number
  session: Awaited<ReturnType<typeof signedInAdmin>>
  call<T>(channel: string, input: unknown): Promise<T>
  setQf(familyId: number, qf: number, from: string, to?: string | null): Promise<void>
  addFamily(number: string, childIdentifier: string): Promise<{ familyId: number; childId: number }>
}

export async function billingWorld(): Promise<BillingWorld> {
  const world = await agendaWorld()
  // agendaWorld set the administrator up; a session of theirs for the calls.
  const session = world.backend.session()
  await world.backend.call(
    'auth/login',
    { login: ADMIN_INPUT.login, password: ADMIN_INPUT.password },
    session,
  )
  const meals = await world.addService({
    code: 'BIV-REPAS',
    name: 'Repas',
    kind: 'restauration',
    cancel: TWO_WORKING_DAYS,
    billsLateAbsence: true,
    justificationDays: 7,
  })
  await world.enrol(meals, '2017-03-06', SCHOOL_WEEK, { endsOn: '2017-03-27' })
  const call = <T>(channel: string, input: unknown) => world.backend.call<T>(channel, input, session)
  await call('billing/saveTariff', {
    serviceId: meals,
    validFrom: '2016-09-01',
    validTo: null,
    unit: 'acte',
    absentSharePct: 100,
    surchargePct: 50,
    thirdChildDiscountPct: 0,
    cesuAccepted: false,
    deliberationRef: 'DEL-2016-042',
    deliberationDate: '2016-06-20',
    brackets: BRACKETS,
  })
  return {
    ...world,
    meals,
    session,
    call,
    async setQf(familyId, qf, from, to = null) {
      await world.db
        .insertInto('family_quotients')
        .values({
          family_id: familyId,
          qf,
          valid_from: from,
          valid_to: to,
          created_at: new Date().toISOString(),
        })
        .execute()
    },
    async addFamily(number, childIdentifier) {
      const family = await call<FamilyFile>('families/create', {
        number,
        responsable: {
          civilite: 'Madame',
          nom: `FAMILLE${number.slice(-2)}`,
          prenom: 'Zoé',
          code_postal: '38330',
          ville: 'BIVIERS',
        },
      })
      const child = await call<ChildFile>('children/create', {
        familyId: family.id,
        identifier: childIdentifier,
        values: { nom: `FAMILLE${number.slice(-2)}`, prenom: 'Léa' },
      })
      await world.enrol(meals, '2017-03-06', SCHOOL_WEEK, { endsOn: '2017-03-27', childId: child.id })
      return { familyId: family.id, childId: child.id }
    },
  }
}
