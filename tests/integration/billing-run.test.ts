import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import type { BillingRunView, InvoiceView, StatementView } from '../../src-shared/contract/billing'
import { type BillingWorld, billingWorld } from './billing-fixture'

// The monthly run on TEST ENFANT's March 2017 (12 meals and 1 Absent
// facturé), with the exact figures of issue 15.

let world: BillingWorld

beforeEach(async () => {
  world = await billingWorld()
})
afterEach(async () => {
  await world.backend.dispose()
})

async function lateAbsence(day: string, childId = world.childId) {
  const [outcome] = await world.act({
    childId,
    serviceId: world.meals,
    dates: [day],
    action: 'absence',
    motif: 'Malade',
    at: `${day}T06:00:00Z`,
  })
  expect(outcome).toMatchObject({ outcome: 'applied', state: 'absent_facture' })
}

const summary = (run: BillingRunView) =>
  run.invoices.map((i) => ({
    famille: i.familyNumber,
    total: i.totalCents,
    lignes: i.lines.map((l) => [l.state, l.quantity, l.unitCents, l.amountCents, l.qf, l.bracket]),
  }))

describe('billing run', () => {
  it('QF 700 with 12 meals and 1 Absent facturé: 27.30 €', async () => {
    await world.setQf(world.familyId, 700, '2017-01-01')
    await lateAbsence('2017-03-27')
    const run = await world.call<BillingRunView>('billing/preview', { month: '2017-03' })
    expect(summary(run)).toEqual([
      {
        famille: '383304832264',
        total: 2730,
        lignes: [
          ['regulier', 12, 210, 2520, 700, '[500, 900)'],
          ['absent_facture', 1, 210, 210, 700, '[500, 900)'],
        ],
      },
    ])
    expect(run.invoices[0].number).toBeNull()
    expect(run.blocked).toEqual([])
  })

  it('no QF: the top bracket and a note on the invoice', async () => {
    const run = await world.call<BillingRunView>('billing/preview', { month: '2017-03' })
    expect(summary(run)[0]).toMatchObject({
      total: 13 * 410,
      lignes: [['regulier', 13, 410, 5330, null, '≥ 1300']],
    })
    expect(run.invoices[0].note).toBe('Quotient familial non connu : la tranche la plus haute est appliquée.')
  })

  it('a QF changing on the 16th bills each half at its own bracket', async () => {
    await world.setQf(world.familyId, 899, '2017-01-01', '2017-03-15')
    await world.setQf(world.familyId, 900, '2017-03-16')
    const run = await world.call<BillingRunView>('billing/preview', { month: '2017-03' })
    // 6, 7, 9, 10, 13, 14 March at 2.10 €; 16, 17, 20, 21, 23, 24, 27 at 3.20 €.
    expect(summary(run)[0]).toEqual({
      famille: '383304832264',
      total: 6 * 210 + 7 * 320,
      lignes: [
        ['regulier', 6, 210, 1260, 899, '[500, 900)'],
        ['regulier', 7, 320, 2240, 900, '[900, 1300)'],
      ],
    })
  })

  it('issues gapless numbers once: the same month again issues nothing new', async () => {
    await world.setQf(world.familyId, 700, '2017-01-01')
    const other = await world.addFamily('383304832265', '383306398667')
    await world.setQf(other.familyId, 300, '2017-01-01')
    const issued = await world.call<BillingRunView>('billing/issue', { month: '2017-03' })
    expect(issued.invoices.map((i) => [i.familyNumber, i.number, i.totalCents])).toEqual([
      ['383304832264', '2026-000001', 2730],
      ['383304832265', '2026-000002', 1300],
    ])
    const again = await world.call<BillingRunView>('billing/issue', { month: '2017-03' })
    expect(again).toMatchObject({ invoices: [], alreadyIssued: 2 })
    const stored = await world.call<InvoiceView[]>('billing/invoices', { familyId: world.familyId })
    expect(stored[0]).toMatchObject({
      issuedOn: '2026-11-27',
      dueOn: '2026-12-17',
      status: 'emise',
      debitOn: null,
    })
    const audit = await world.db
      .selectFrom('audit_log')
      .select(['action', 'family_id'])
      .where('action', 'like', 'billing.%')
      .orderBy('id')
      .execute()
    expect(audit.filter((a) => a.action === 'billing.invoice.issue')).toHaveLength(2)
    expect(audit.filter((a) => a.action === 'billing.run')).toHaveLength(2)
  })

  it('a late certificate is a credit on the next invoice; the issued invoice is unchanged', async () => {
    await world.setQf(world.familyId, 700, '2017-01-01')
    await lateAbsence('2017-03-27')
    const [march] = (await world.call<BillingRunView>('billing/issue', { month: '2017-03' })).invoices
    expect(march.totalCents).toBe(2730)
    world.backend.clock.advance(60_000)
    const [justified] = await world.act({
      childId: world.childId,
      serviceId: world.meals,
      dates: ['2017-03-27'],
      action: 'justify',
      justification: 'Certificat médical',
      at: '2017-03-29T10:00:00Z',
    })
    expect(justified).toMatchObject({ outcome: 'applied', state: 'absent_execute' })
    const april = await world.call<BillingRunView>('billing/issue', { month: '2017-04' })
    expect(april.invoices).toHaveLength(1)
    expect(april.invoices[0].lines).toMatchObject([
      {
        kind: 'correction',
        period: '2017-03',
        state: 'absent_facture',
        quantity: -1,
        unitCents: 210,
        amountCents: -210,
      },
    ])
    expect(april.invoices[0].totalCents).toBe(-210)
    const [again] = await world.call<InvoiceView[]>('billing/invoices', { month: '2017-03' })
    expect(again.totalCents).toBe(2730)
    expect(again.lines.map((l) => l.amountCents)).toEqual([2520, 210])
    // May: the correction is not credited twice.
    const may = await world.call<BillingRunView>('billing/preview', { month: '2017-05' })
    expect(may.invoices).toEqual([])
  })

  it('blocks a family with an Erreur and lists the child, service and day', async () => {
    const other = await world.addFamily('383304832265', '383306398667')
    await world.setQf(world.familyId, 700, '2017-01-01')
    const now = new Date().toISOString()
    await world.db
      .insertInto('agenda_exceptions')
      .values({
        child_id: other.childId,
        service_id: world.meals,
        day: '2017-03-08',
        state: 'reserve',
        created_at: now,
        updated_at: now,
      })
      .execute()
    const run = await world.call<BillingRunView>('billing/preview', { month: '2017-03' })
    expect(run.invoices.map((i) => i.familyNumber)).toEqual(['383304832264'])
    expect(run.blocked).toMatchObject([
      {
        familyNumber: '383304832265',
        childIdentifier: '383306398667',
        serviceCode: 'BIV-REPAS',
        date: '2017-03-08',
        state: 'erreur',
      },
    ])
  })

  it('a cancellation keeps the number and issues a new invoice', async () => {
    await world.setQf(world.familyId, 700, '2017-01-01')
    const [first] = (await world.call<BillingRunView>('billing/issue', { month: '2017-03' })).invoices
    await world.setQf(world.familyId, 300, '2017-03-01')
    const { cancelled, replacement } = await world.call<{ cancelled: InvoiceView; replacement: InvoiceView }>(
      'billing/cancel',
      { invoiceId: first.invoiceId, reason: 'QF de mars reçu en retard' },
    )
    expect(cancelled).toMatchObject({ number: '2026-000001', status: 'annulee', totalCents: 2730 })
    expect(replacement).toMatchObject({
      number: '2026-000002',
      status: 'emise',
      totalCents: 1300,
      previousBalanceCents: 0,
    })
    const st = await world.call<StatementView>('billing/statement', { familyId: world.familyId })
    expect(st.entries.map((e) => [e.kind, e.debitCents, e.creditCents, e.balanceCents])).toEqual([
      ['facture', 2730, 0, 2730],
      ['annulation', 0, 2730, 0],
      ['facture', 1300, 0, 1300],
    ])
  })
})

describe('payments and relevé de compte', () => {
  it('a chèque and a partial payment in espèces: the running balance', async () => {
    await world.setQf(world.familyId, 700, '2017-01-01')
    await lateAbsence('2017-03-27')
    await world.call('billing/issue', { month: '2017-03' })
    await world.call('billing/payment', {
      familyId: world.familyId,
      mode: 'cheque',
      paidOn: '2026-11-28',
      amountCents: 2000,
      reference: 'Chèque n° 1234567',
    })
    const st = await world.call<StatementView>('billing/payment', {
      familyId: world.familyId,
      mode: 'especes',
      paidOn: '2026-11-29',
      amountCents: 500,
    })
    expect(st.entries.map((e) => [e.date, e.kind, e.debitCents, e.creditCents, e.balanceCents])).toEqual([
      ['2026-11-27', 'facture', 2730, 0, 2730],
      ['2026-11-28', 'paiement', 0, 2000, 730],
      ['2026-11-29', 'paiement', 0, 500, 230],
    ])
    expect(st.balanceCents).toBe(230)
    const [invoice] = await world.call<InvoiceView[]>('billing/invoices', { familyId: world.familyId })
    expect(invoice.paidCents).toBe(2500)
    const earlier = await world.call<StatementView>('billing/statement', {
      familyId: world.familyId,
      at: '2026-11-28',
    })
    expect(earlier.balanceCents).toBe(730)
  })

  it('allocates to the oldest unpaid invoice first, keeps the rest as a credit, refunds it', async () => {
    await world.setQf(world.familyId, 700, '2017-01-01')
    await world.call('billing/issue', { month: '2017-03' })
    await world.call('billing/payment', {
      familyId: world.familyId,
      mode: 'virement',
      paidOn: '2026-11-28',
      amountCents: 3000,
    })
    const rows = await world.db.selectFrom('payment_allocations').select('amount_cents').execute()
    expect(rows).toEqual([{ amount_cents: 2730 }])
    await expect(
      world.call('billing/refund', {
        familyId: world.familyId,
        mode: 'virement',
        paidOn: '2026-11-29',
        amountCents: 300,
      }),
    ).rejects.toThrow('Montant : le remboursement ne peut dépasser l’avoir de la famille (2,70 €).')
    const st = await world.call<StatementView>('billing/refund', {
      familyId: world.familyId,
      mode: 'virement',
      paidOn: '2026-11-29',
      amountCents: 270,
    })
    expect(st.balanceCents).toBe(0)
  })

  it('CESU only on the services that accept it', async () => {
    await world.setQf(world.familyId, 700, '2017-01-01')
    await world.call('billing/issue', { month: '2017-03' })
    await expect(
      world.call('billing/payment', {
        familyId: world.familyId,
        mode: 'cesu',
        paidOn: '2026-11-28',
        amountCents: 1000,
      }),
    ).rejects.toThrow(/le CESU ne paie que les services qui l’acceptent ; 0,00 €/)
  })
})
