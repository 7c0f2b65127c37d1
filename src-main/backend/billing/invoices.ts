import type { DB } from '@db/schema'
import type { InvoiceView } from '@shared/contract/billing'
import { type Kysely, sql } from 'kysely'
import { writeAudit } from '../audit/service'
import type { StaffContext } from '../context'
import { AppError } from '../errors'
import { chunked } from './month-lines'
import { childNames, familyNames, serviceNames } from './names'
import { issueRun, lineView } from './run'

// Issued invoices as they were issued (never changed), and their
// cancellation: the number stays, marked cancelled, and a new invoice is
// issued for the same month from the agenda as it is now.

export async function invoiceViews(
  db: Kysely<DB>,
  filter: { familyId?: number; month?: string; ids?: number[] },
): Promise<InvoiceView[]> {
  let q = db.selectFrom('invoices').selectAll()
  if (filter.familyId !== undefined) q = q.where('family_id', '=', filter.familyId)
  if (filter.month !== undefined) q = q.where('month', '=', filter.month)
  if (filter.ids !== undefined) q = q.where('id', 'in', filter.ids.length ? filter.ids : [0])
  const rows = await q.orderBy('issued_on').orderBy('number').limit(5000).execute()
  if (rows.length === 0) return []
  const ids = rows.map((r) => r.id)
  const [lines, paid] = await Promise.all([
    chunked(ids, (slice) =>
      db.selectFrom('invoice_lines').selectAll().where('invoice_id', 'in', slice).orderBy('id').execute(),
    ),
    chunked(ids, (slice) =>
      db
        .selectFrom('payment_allocations')
        .select(['invoice_id', sql<number>`sum(amount_cents)`.as('cents')])
        .where('invoice_id', 'in', slice)
        .groupBy('invoice_id')
        .execute(),
    ),
  ])
  const [families, children, services] = await Promise.all([
    familyNames(
      db,
      rows.map((r) => r.family_id),
    ),
    childNames(
      db,
      lines.map((l) => l.child_id).filter((c): c is number => c !== null),
    ),
    serviceNames(db),
  ])
  const paidBy = new Map(paid.map((p) => [p.invoice_id, Number(p.cents)]))
  return rows.map((r) => ({
    invoiceId: r.id,
    number: r.number,
    familyId: r.family_id,
    familyNumber: families.get(r.family_id)?.number ?? '',
    familyName: families.get(r.family_id)?.name ?? '',
    month: r.month,
    issuedOn: r.issued_on,
    dueOn: r.due_on,
    debitOn: r.debit_on,
    sepaRum: r.sepa_rum,
    totalCents: r.total_cents,
    previousBalanceCents: r.previous_balance_cents,
    note: r.note,
    status: r.status,
    cancelledOn: r.cancelled_on,
    cancelReason: r.cancel_reason,
    paidCents: paidBy.get(r.id) ?? 0,
    lines: lines
      .filter((l) => l.invoice_id === r.id)
      .map((l) =>
        lineView(
          {
            childId: l.child_id,
            serviceId: l.service_id,
            period: l.period,
            kind: l.kind,
            state: l.state,
            quantity: l.quantity,
            unitCents: l.unit_cents,
            amountCents: l.amount_cents,
            qf: l.qf,
            bracket: l.bracket,
            label: l.label,
          },
          children,
          services,
        ),
      ),
  }))
}

export async function invoiceById(db: Kysely<DB>, invoiceId: number): Promise<InvoiceView> {
  const [found] = await invoiceViews(db, { ids: [invoiceId] })
  if (!found) throw new AppError('NOT_FOUND', 'Facture introuvable.')
  return found
}

/** Cancels an invoice (its number stays, marked cancelled) and issues a new one for the month, in the caller's transaction. */
export async function cancelInvoice(
  trx: Kysely<DB>,
  ctx: StaffContext,
  input: { invoiceId: number; reason: string; today: string },
) {
  const invoice = await trx
    .selectFrom('invoices')
    .selectAll()
    .where('id', '=', input.invoiceId)
    .executeTakeFirst()
  if (!invoice) throw new AppError('NOT_FOUND', 'Facture introuvable.')
  if (invoice.status === 'annulee')
    throw new AppError('CONFLICT', `La facture ${invoice.number} est déjà annulée.`)
  if (invoice.sepa_batch_id !== null)
    throw new AppError(
      'CONFLICT',
      `La facture ${invoice.number} est dans un lot de prélèvement : elle ne peut plus être annulée, corrigez-la sur la facture suivante.`,
    )
  const allocated = await trx
    .selectFrom('payment_allocations')
    .select(sql<number>`count(*)`.as('n'))
    .where('invoice_id', '=', invoice.id)
    .executeTakeFirstOrThrow()
  if (Number(allocated.n) > 0)
    throw new AppError(
      'CONFLICT',
      `La facture ${invoice.number} a déjà reçu un paiement : corrigez-la sur la facture suivante.`,
    )
  await trx
    .updateTable('invoices')
    .set({ status: 'annulee', cancelled_on: input.today, cancel_reason: input.reason })
    .where('id', '=', invoice.id)
    .execute()
  await writeAudit(trx, ctx.actor, ctx.clock, {
    action: 'billing.invoice.cancel',
    entityType: 'invoice',
    entityId: invoice.id,
    familyId: invoice.family_id,
    changes: [{ field: 'statut', label: 'Statut', before: 'emise', after: 'annulee' }],
    note: `Facture ${invoice.number} annulée : ${input.reason}`,
  })
  const { issued } = await issueRun(trx, invoice.month, {
    actor: ctx.actor,
    clock: ctx.clock,
    today: input.today,
    familyIds: [invoice.family_id],
  })
  if (issued[0])
    await trx
      .updateTable('invoices')
      .set({ replaces_id: invoice.id })
      .where('id', '=', issued[0].invoiceId)
      .execute()
  const [cancelled, replacement] = await Promise.all([
    invoiceById(trx, invoice.id),
    issued[0] ? invoiceById(trx, issued[0].invoiceId) : Promise.resolve(null),
  ])
  return { cancelled, replacement }
}
