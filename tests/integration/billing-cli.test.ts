import { readFileSync } from 'node:fs'
import { join } from 'node:path'
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { dayInFrance } from '../../src-shared/format/date'
import { runCli } from '../helpers/cli'
import { type BillingWorld, billingWorld } from './billing-fixture'

let world: BillingWorld
const run = (...argv: string[]) => runCli('--db', world.backend.database, ...argv)

beforeEach(async () => {
  world = await billingWorld()
  await world.setQf(world.familyId, 700, '2017-01-01')
})
afterEach(async () => {
  await world.backend.dispose()
})

const LINES = [
  {
    enfant: '383306398666',
    code: 'BIV-REPAS',
    service: 'Repas',
    etat: 'regulier',
    quantite: 13,
    prix_unitaire_centimes: 210,
    montant_centimes: 2730,
    qf: 700,
    tranche: '[500, 900)',
  },
]

describe('billing on the command line', () => {
  it('run --dry-run --json, then run --json issues the numbers, once', async () => {
    const dry = await run('billing', 'run', '--month', '2017-03', '--dry-run', '--json')
    expect(dry.code).toBe(0)
    expect(JSON.parse(dry.out)).toEqual({
      mois: '2017-03',
      factures: [{ famille: '383304832264', numero: null, total_centimes: 2730, lignes: LINES }],
      bloquees: [],
    })
    const issued = await run('billing', 'run', '--month', '2017-03', '--json')
    expect(JSON.parse(issued.out).factures[0]).toMatchObject({
      numero: expect.stringMatching(/^\d{4}-000001$/),
      total_centimes: 2730,
    })
    const again = await run('billing', 'run', '--month', '2017-03')
    expect(again.out).toContain('1 famille(s) déjà facturée(s) ce mois : rien de nouveau pour elles.')
    expect(again.out).toContain(': 0 facture(s)')
  })

  // The command line dates the invoice today (the system clock): the payment is made the same day.
  it('payment add, statement --json and --pdf, family show --json with its releve', async () => {
    await run('billing', 'run', '--month', '2017-03')
    const paid = await run(
      'billing',
      'payment',
      'add',
      '383304832264',
      '--amount',
      '20.00',
      '--mode',
      'especes',
      '--date',
      dayInFrance(new Date()),
    )
    expect(paid).toMatchObject({ code: 0 })
    expect(paid.out).toContain('Paiement de 20,00 € enregistré. Solde de la famille 383304832264 : 7,30 €')
    const st = JSON.parse((await run('billing', 'statement', '383304832264', '--json')).out)
    expect(st.solde_centimes).toBe(730)
    expect(
      st.operations.map((o: { type: string; solde_centimes: number }) => [o.type, o.solde_centimes]),
    ).toEqual([
      ['facture', 2730],
      ['paiement', 730],
    ])
    const pdf = join(world.backend.dir, 'releve.pdf')
    expect((await run('billing', 'statement', '383304832264', '--pdf', pdf)).code).toBe(0)
    expect(readFileSync(pdf).subarray(0, 5).toString()).toBe('%PDF-')
    const family = JSON.parse((await run('family', 'show', '383304832264', '--json')).out)
    expect(family.releve).toEqual(st)
  })

  it('refuses a bad mode, a bad amount and a SEPA batch without the creditor', async () => {
    expect(
      (
        await run(
          'billing',
          'payment',
          'add',
          '383304832264',
          '--amount',
          '20',
          '--mode',
          'bitcoin',
          '--date',
          '2026-11-30',
        )
      ).code,
    ).toBe(2)
    expect(
      (
        await run(
          'billing',
          'payment',
          'add',
          '383304832264',
          '--amount',
          'vingt',
          '--mode',
          'cheque',
          '--date',
          '2026-11-30',
        )
      ).code,
    ).toBe(1)
    const sepa = await run(
      'billing',
      'sepa',
      '--collection-date',
      '2030-01-10',
      '--out',
      join(world.backend.dir, 'lot.xml'),
    )
    expect(sepa.code).toBe(1)
    expect(sepa.err).toContain('Prélèvement : renseignez d’abord dans Paramètres → Facturation')
  })
})
