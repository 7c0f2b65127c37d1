import { readFileSync } from 'node:fs'
import { join } from 'node:path'
import SEPA from 'sepa'
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { validateXML } from 'xmllint-wasm'
import { frenchIban } from '../../src-main/backend/demo/bank'
import type { SepaBatchView } from '../../src-shared/contract/billing'
import { type BillingWorld, billingWorld } from './billing-fixture'

// A debit batch of three families (one first debit), its pain.008 checked
// against the official XSD (tests/fixtures/sepa), refused the second time.

let world: BillingWorld
const ICS = SEPA.checksumCreditorID('FR00ZZZ123456')

async function onDirectDebit(familyId: number, n: number) {
  await world.db
    .updateTable('families')
    .set({
      direct_debit: 1,
      iban: frenchIban('30004', '0082'.padEnd(5, String(n)), String(n).repeat(11)),
      bic: 'BNPAFRPPXXX',
      sepa_rum: `BIV-RUM-000${n}`,
      sepa_signed_on: '2016-09-01',
      bank_holder: `Zoé Müller-Lefèvre ${n}`,
    })
    .where('id', '=', familyId)
    .execute()
}

async function validate(xml: string, version: '02' | '08') {
  const xsd = readFileSync(join(__dirname, `../fixtures/sepa/pain.008.001.${version}.xsd`), 'utf8')
  return validateXML({
    xml: [{ fileName: 'lot.xml', contents: xml }],
    schema: [{ fileName: `pain.008.001.${version}.xsd`, contents: xsd }],
  })
}

beforeEach(async () => {
  world = await billingWorld()
  await world.call('billing/saveSettings', {
    regieName: 'Régie périscolaire de Biviers',
    regieAddress: 'Mairie, 38330 Biviers',
    dueDays: 20,
    creditorName: 'Régie périscolaire de Biviers',
    ics: ICS,
    iban: frenchIban('30001', '00794', '12345678901'),
    bic: 'BDFEFRPPCCT',
  })
})
afterEach(async () => {
  await world.backend.dispose()
})

describe('SEPA debit batch', () => {
  it('three families, one FRST: NbOfTxs and CtrlSum right, valid against the XSD, refused the second time', async () => {
    const b = await world.addFamily('383304832265', '383306398667')
    const c = await world.addFamily('383304832266', '383306398668')
    const d = await world.addFamily('383304832267', '383306398669')
    await world.setQf(world.familyId, 700, '2017-01-01') // 13 × 2.10 = 27.30
    await world.setQf(b.familyId, 300, '2017-01-01') // 13 × 1.00 = 13.00
    await world.setQf(c.familyId, 1000, '2017-01-01') // 13 × 3.20 = 41.60
    await onDirectDebit(world.familyId, 1)
    await onDirectDebit(b.familyId, 2)
    await onDirectDebit(c.familyId, 3)
    // d has no mandate: excluded with its reason. b and c were debited before: RCUR.
    await world.db.updateTable('families').set({ direct_debit: 1 }).where('id', '=', d.familyId).execute()
    const now = new Date().toISOString()
    const { id: earlier } = await world.db
      .insertInto('sepa_batches')
      .values({
        message_id: 'EARLIER',
        collection_date: '2026-10-10',
        pain_version: '08',
        transactions: 2,
        total_cents: 1,
        created_at: now,
        created_by: null,
      })
      .returning('id')
      .executeTakeFirstOrThrow()
    await world.db
      .insertInto('sepa_mandate_uses')
      .values([
        { family_id: b.familyId, rum: 'BIV-RUM-0002', first_batch_id: earlier },
        { family_id: c.familyId, rum: 'BIV-RUM-0003', first_batch_id: earlier },
      ])
      .execute()
    await world.call('billing/issue', { month: '2017-03' })
    const preview = await world.call<SepaBatchView>('billing/sepaPreview', { collectionDate: '2026-12-17' })
    expect(preview.transactions.map((t) => [t.familyNumber, t.sequence, t.amountCents])).toEqual([
      ['383304832264', 'FRST', 2730],
      ['383304832265', 'RCUR', 1300],
      ['383304832266', 'RCUR', 4160],
    ])
    expect(preview.excluded).toMatchObject([
      {
        familyNumber: '383304832267',
        reason: 'Pas de mandat complet (RUM, IBAN, BIC ou date de signature manquant)',
      },
    ])
    const batch = await world.call<SepaBatchView>('billing/sepaExport', { collectionDate: '2026-12-17' })
    expect(batch).toMatchObject({ nbOfTxs: 3, ctrlSumCents: 8190, version: '08' })
    const xml = Buffer.from(batch.base64 ?? '', 'base64').toString('utf8')
    expect(xml).toMatch(/<GrpHdr>[\s\S]*<NbOfTxs>3<\/NbOfTxs>\s*<CtrlSum>81\.90<\/CtrlSum>/)
    expect(xml).toContain('<SeqTp>FRST</SeqTp>')
    expect(xml).toContain('<SeqTp>RCUR</SeqTp>')
    expect(xml).toContain('<Nm>Zoe Muller-Lefevre 1</Nm>')
    expect(xml).toContain('<MndtId>BIV-RUM-0001</MndtId>')
    const result = await validate(xml, '08')
    expect(result.errors).toEqual([])
    expect(result.valid).toBe(true)
    await expect(world.call('billing/sepaExport', { collectionDate: '2026-12-17' })).rejects.toThrow(
      'Rien à prélever le 17/12/2026 : 1 facture(s) écartée(s).',
    )
    // After the batch, the first debit is recurrent.
    const uses = await world.db
      .selectFrom('sepa_mandate_uses')
      .select('rum')
      .where('family_id', '=', world.familyId)
      .execute()
    expect(uses).toEqual([{ rum: 'BIV-RUM-0001' }])
    const invoiceBatches = await world.db
      .selectFrom('invoices')
      .select((eb) => eb.fn.count<number>('sepa_batch_id').distinct().as('n'))
      .where('sepa_batch_id', 'is not', null)
      .executeTakeFirst()
    expect(invoiceBatches).toEqual({ n: 1 })
  })

  it('writes pain.008.001.02 as an option, valid against its XSD', async () => {
    await world.setQf(world.familyId, 700, '2017-01-01')
    await onDirectDebit(world.familyId, 1)
    await world.call('billing/issue', { month: '2017-03' })
    const batch = await world.call<SepaBatchView>('billing/sepaExport', {
      collectionDate: '2026-12-17',
      version: '02',
    })
    const xml = Buffer.from(batch.base64 ?? '', 'base64').toString('utf8')
    expect(xml).toContain('urn:iso:std:iso:20022:tech:xsd:pain.008.001.02')
    const result = await validate(xml, '02')
    expect(result.errors).toEqual([])
    expect(batch).toMatchObject({ nbOfTxs: 1, ctrlSumCents: 2730 })
  })

  it('refuses roles without the bank right', async () => {
    await world.call('settings/update', { financeRoles: ['administrateur'] })
    const agentSession = world.backend.session()
    await world.call('staff/create', {
      login: 'resp',
      displayName: 'Responsable',
      role: 'responsable',
      password: 'Marelle-2026!',
      provisional: false,
    })
    await world.backend.call('auth/login', { login: 'resp', password: 'Marelle-2026!' }, agentSession)
    await expect(
      world.backend.call('billing/sepaExport', { collectionDate: '2026-12-17' }, agentSession),
    ).rejects.toThrow('Votre rôle ne permet pas de voir ni de modifier les coordonnées bancaires')
  })
})
