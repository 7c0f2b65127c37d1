import { CompiledQuery } from 'kysely'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { generateDemo } from '../../src-main/backend/demo/generate'
import type { BillingRunView, SepaBatchView } from '../../src-shared/contract/billing'
import { createTestBackend, signedInAdmin, type TestBackend } from '../helpers/backend'
import { onPostgres } from '../helpers/pg-backend'

// The demo's billing: Biviers' tariffs with four QF brackets, families on
// direct debit, two months issued and paid, last month left to staff with a
// few families blocked; the same seed gives the same invoices and payments.

const actor = { staffId: null, login: 'demo', displayName: 'Démo', role: 'administrateur' as const }
let first: TestBackend
let second: TestBackend

async function demo(backend: TestBackend) {
  backend.clock.current = new Date('2026-12-01T08:00:00.000Z')
  await generateDemo(backend.context(actor), { families: 150, seed: 'facturation' })
}

// Read through the storage layer's kysely, so that the file runs on either
// engine (MARELLE_TEST_DB=postgres: scripts/pg-suite.mjs); ? for parameters.
async function rowsOf<T = Record<string, unknown>>(b: TestBackend, text: string): Promise<T[]> {
  let n = 0
  const compiled = onPostgres ? text.replace(/\?/g, () => `$${++n}`) : text
  return (await b.services.db.executeQuery<T>(CompiledQuery.raw(compiled, []))).rows
}
const column = async (b: TestBackend, text: string) =>
  (await rowsOf(b, text)).map((row) => Object.values(row)[0])

const dump = async (b: TestBackend) =>
  JSON.stringify([
    await rowsOf(
      b,
      'SELECT number, family_id, month, total_cents, issued_on, debit_on, sepa_batch_id FROM invoices ORDER BY id',
    ),
    await rowsOf(b, 'SELECT * FROM invoice_lines ORDER BY id'),
    await rowsOf(b, 'SELECT family_id, mode, paid_on, amount_cents, reference FROM payments ORDER BY id'),
  ])

beforeAll(async () => {
  first = createTestBackend()
  second = createTestBackend()
  await demo(first)
  await demo(second)
}, 600_000)
afterAll(async () => {
  await first.dispose()
  await second.dispose()
})

describe('demo billing', () => {
  it('is deterministic for a seed and leaves one audit entry', async () => {
    expect(await dump(first)).toBe(await dump(second))
    expect(await column(first, 'SELECT action FROM audit_log')).toEqual(['demo.generate'])
  })

  it('has the three services at four brackets, direct debits and two months issued and paid', async () => {
    const tariffs = await rowsOf(
      first,
      `SELECT s.code, count(b.qf_min) AS brackets FROM tariffs t JOIN services s ON s.id = t.service_id
       JOIN tariff_brackets b ON b.tariff_id = t.id WHERE s.code LIKE 'BIV-%' GROUP BY s.code ORDER BY s.code`,
    )
    expect(tariffs).toEqual([
      { code: 'BIV-MATIN', brackets: 4 },
      { code: 'BIV-REPAS', brackets: 4 },
      { code: 'BIV-SOIR', brackets: 4 },
    ])
    const months = await column(first, 'SELECT DISTINCT month FROM invoices ORDER BY month')
    expect(months).toEqual(['2026-09', '2026-10'])
    const modes = await column(first, 'SELECT DISTINCT mode FROM payments ORDER BY mode')
    expect(modes).toContain('prelevement')
    expect(modes.length).toBeGreaterThan(2)
    const [debited] = await column(first, 'SELECT count(*) FROM invoices WHERE debit_on IS NOT NULL')
    expect(debited).toBeGreaterThan(10)
    const numbers = (await column(first, 'SELECT number FROM invoices ORDER BY number')) as string[]
    expect(numbers.map((n) => Number(n.slice(5)))).toEqual(numbers.map((_, i) => i + 1))
  })

  it('November: staff preview it, see the blocked families, issue it and export the debits', async () => {
    first.clock.current = new Date('2026-12-01T09:00:00.000Z')
    const admin = await signedInAdmin(first)
    const preview = await first.call<BillingRunView>('billing/preview', { month: '2026-11' }, admin)
    expect(preview.invoices.length).toBeGreaterThan(100)
    expect(preview.blocked.length).toBeGreaterThan(0)
    expect(new Set(preview.blocked.map((b) => b.stateLabel))).toEqual(new Set(['Absence à vérifier']))
    const issued = await first.call<BillingRunView>('billing/issue', { month: '2026-11' }, admin)
    expect(issued.invoices.length).toBe(preview.invoices.length)
    const batch = await first.call<SepaBatchView>(
      'billing/sepaExport',
      { collectionDate: '2026-12-21' },
      admin,
    )
    expect(batch.nbOfTxs).toBeGreaterThan(0)
    expect(batch.transactions.every((t) => t.sequence === 'RCUR' || t.sequence === 'FRST')).toBe(true)
    expect(batch.transactions.some((t) => t.sequence === 'RCUR')).toBe(true)
  })
})
