import type { DB } from '@db/schema'
import { type Kysely, sql } from 'kysely'
import { chunked } from './month-lines'

// A family's balance (docs/facturation.md, « Relevé de compte »): its issued
// invoices not cancelled, less its payments, plus its refunds. Positive: the
// family owes it; negative: a credit in its favour.

export async function balances(db: Kysely<DB>, familyIds: number[]): Promise<Map<number, number>> {
  const map = new Map<number, number>(familyIds.map((id) => [id, 0]))
  const add = (id: number, cents: number) => map.set(id, (map.get(id) ?? 0) + Number(cents))
  await chunked(familyIds, async (slice) => {
    const [invoices, payments] = await Promise.all([
      db
        .selectFrom('invoices')
        .select(['family_id', sql<number>`sum(total_cents)`.as('cents')])
        .where('family_id', 'in', slice)
        .where('status', '=', 'emise')
        .groupBy('family_id')
        .execute(),
      db
        .selectFrom('payments')
        .select([
          'family_id',
          sql<number>`sum(CASE WHEN kind = 'paiement' THEN amount_cents ELSE -amount_cents END)`.as('cents'),
        ])
        .where('family_id', 'in', slice)
        .groupBy('family_id')
        .execute(),
    ])
    for (const r of invoices) add(r.family_id, r.cents)
    for (const r of payments) add(r.family_id, -r.cents)
    return []
  })
  return map
}

/** What remains to pay on each issued invoice of a family, oldest first. */
export async function unpaidInvoices(db: Kysely<DB>, familyId: number) {
  const rows = await db
    .selectFrom('invoices')
    .leftJoin('payment_allocations', 'payment_allocations.invoice_id', 'invoices.id')
    .select([
      'invoices.id',
      'invoices.number',
      'invoices.issued_on',
      'invoices.total_cents',
      sql<number>`coalesce(sum(payment_allocations.amount_cents), 0)`.as('paid'),
    ])
    .where('invoices.family_id', '=', familyId)
    .where('invoices.status', '=', 'emise')
    .groupBy(['invoices.id', 'invoices.number', 'invoices.issued_on', 'invoices.total_cents'])
    .orderBy('invoices.issued_on')
    .orderBy('invoices.number')
    .execute()
  return rows
    .map((r) => ({ id: r.id, number: r.number, issuedOn: r.issued_on, due: r.total_cents - Number(r.paid) }))
    .filter((r) => r.due > 0)
}
