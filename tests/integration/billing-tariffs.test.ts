import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import type { TariffView } from '../../src-shared/contract/billing'
import { type BillingWorld, BRACKETS, billingWorld } from './billing-fixture'

// Paramètres → Tarifs: brackets checked on save, periods that never overlap, every change audited.

let world: BillingWorld
beforeEach(async () => {
  world = await billingWorld()
})
afterEach(async () => {
  await world.backend.dispose()
})

const tariff = (more: Record<string, unknown>) => ({
  serviceId: world.meals,
  validFrom: '2017-09-01',
  validTo: null,
  unit: 'acte',
  absentSharePct: 100,
  surchargePct: 0,
  thirdChildDiscountPct: 0,
  cesuAccepted: false,
  deliberationRef: 'DEL-2017-012',
  deliberationDate: '2017-06-30',
  brackets: BRACKETS,
  ...more,
})

describe('tariffs', () => {
  it('refuses brackets with a gap at 0 or two at one minimum, naming the field', async () => {
    await expect(
      world.call('billing/saveTariff', tariff({ brackets: [{ qfMin: 100, priceCents: 100 }] })),
    ).rejects.toThrow('Tranches : la première tranche doit commencer à un quotient de 0.')
    await expect(
      world.call('billing/saveTariff', tariff({ brackets: [...BRACKETS, { qfMin: 500, priceCents: 999 }] })),
    ).rejects.toThrow('Tranches : deux tranches commencent au quotient 500.')
    await expect(
      world.call('billing/saveTariff', tariff({ brackets: [{ qfMin: 0, priceCents: 2.5 }] })),
    ).rejects.toThrow(/centimes entiers/)
  })

  it('refuses a period overlapping another tariff of the service, accepts the next one once the first ends', async () => {
    await expect(world.call('billing/saveTariff', tariff({}))).rejects.toThrow(
      'Valable du : la période chevauche le tarif du 2016-09-01 (délibération DEL-2016-042) ; terminez-le d’abord.',
    )
    const [first] = await world.call<TariffView[]>('billing/tariffs', {})
    const { serviceCode: _code, serviceName: _name, ...saved } = first
    await world.call('billing/saveTariff', { ...saved, validTo: '2017-08-31' })
    const next = await world.call<TariffView>('billing/saveTariff', tariff({}))
    expect(next).toMatchObject({
      validFrom: '2017-09-01',
      deliberationRef: 'DEL-2017-012',
      brackets: BRACKETS,
    })
    const audit = (
      await world.db
        .selectFrom('audit_log')
        .select('action')
        .where('entity_type', '=', 'tariff')
        .orderBy('id')
        .execute()
    ).map((r) => r.action)
    expect(audit).toEqual(['billing.tariff.create', 'billing.tariff.update', 'billing.tariff.create'])
  })
})
