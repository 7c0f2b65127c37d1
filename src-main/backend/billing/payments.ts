import type { DB, PaymentMode } from '@db/schema'
import { formatEuros, PAYMENT_MODES } from '@shared/domain/billing'
import type { Kysely } from 'kysely'
import { writeAudit } from '../audit/service'
import type { Actor, Clock } from '../context'
import { AppError } from '../errors'
import { balances, unpaidInvoices } from './balances'

// Payments and refunds (docs/facturation.md, « Paiements »): a payment is
// allocated to the oldest unpaid invoice first, what is left stays as a
// credit on the family's account; CESU pays only the lines of services whose
// tariff accepts it; a refund gives back a credit.

export interface PaymentInput {
  familyId: number
  mode: PaymentMode
  paidOn: string
  amountCents: number
  reference?: string | null
}

const modeLabel = (mode: string) => PAYMENT_MODES.find((m) => m.value === mode)?.label ?? mode

async function family(trx: Kysely<DB>, familyId: number) {
  const row = await trx
    .selectFrom('families')
    .select(['id', 'number'])
    .where('id', '=', familyId)
    .executeTakeFirst()
  if (!row) throw new AppError('NOT_FOUND', 'Famille introuvable.')
  return row
}

/** What of each unpaid invoice CESU may still pay: its lines on services whose tariff accepts CESU, less CESU already allocated. */
async function cesuRoom(trx: Kysely<DB>, invoiceIds: number[]) {
  const map = new Map<number, number>()
  if (invoiceIds.length === 0) return map
  const [lines, paid] = await Promise.all([
    trx
      .selectFrom('invoice_lines')
      .innerJoin('invoices', 'invoices.id', 'invoice_lines.invoice_id')
      .select(['invoice_lines.invoice_id', 'invoice_lines.amount_cents'])
      .where('invoice_lines.invoice_id', 'in', invoiceIds)
      .where(({ exists, selectFrom }) =>
        exists(
          selectFrom('tariffs')
            .select('tariffs.id')
            .whereRef('tariffs.service_id', '=', 'invoice_lines.service_id')
            .where('tariffs.cesu_accepted', '=', 1),
        ),
      )
      .execute(),
    trx
      .selectFrom('payment_allocations')
      .innerJoin('payments', 'payments.id', 'payment_allocations.payment_id')
      .select(['payment_allocations.invoice_id', 'payment_allocations.amount_cents'])
      .where('payment_allocations.invoice_id', 'in', invoiceIds)
      .where('payments.mode', '=', 'cesu')
      .execute(),
  ])
  for (const l of lines) map.set(l.invoice_id, (map.get(l.invoice_id) ?? 0) + l.amount_cents)
  for (const p of paid) map.set(p.invoice_id, (map.get(p.invoice_id) ?? 0) - p.amount_cents)
  return map
}

export async function addPayment(trx: Kysely<DB>, actor: Actor, clock: Clock, input: PaymentInput) {
  const f = await family(trx, input.familyId)
  const unpaid = await unpaidInvoices(trx, f.id)
  const plan: { invoiceId: number; number: string; cents: number }[] = []
  let left = input.amountCents
  const room =
    input.mode === 'cesu'
      ? await cesuRoom(
          trx,
          unpaid.map((u) => u.id),
        )
      : null
  for (const u of unpaid) {
    if (left === 0) break
    const cap = room ? Math.min(u.due, Math.max(0, room.get(u.id) ?? 0)) : u.due
    const cents = Math.min(left, cap)
    if (cents > 0) {
      plan.push({ invoiceId: u.id, number: u.number, cents })
      left -= cents
    }
  }
  if (room && left > 0)
    throw new AppError(
      'VALIDATION',
      `Montant : le CESU ne paie que les services qui l’acceptent ; ${formatEuros(input.amountCents - left)} au plus pour cette famille.`,
      [{ path: 'amountCents', label: 'Montant', message: 'Montant : supérieur à ce que le CESU peut payer' }],
    )
  const { id } = await trx
    .insertInto('payments')
    .values({
      family_id: f.id,
      kind: 'paiement',
      mode: input.mode,
      paid_on: input.paidOn,
      amount_cents: input.amountCents,
      reference: input.reference ?? null,
      created_at: clock.now().toISOString(),
      created_by: actor.staffId,
    })
    .returning('id')
    .executeTakeFirstOrThrow()
  if (plan.length > 0)
    await trx
      .insertInto('payment_allocations')
      .values(plan.map((p) => ({ payment_id: id, invoice_id: p.invoiceId, amount_cents: p.cents })))
      .execute()
  await writeAudit(trx, actor, clock, {
    action: 'billing.payment.add',
    entityType: 'payment',
    entityId: id,
    familyId: f.id,
    note: `Paiement ${modeLabel(input.mode)} de ${formatEuros(input.amountCents)} du ${input.paidOn}${input.reference ? ` (${input.reference})` : ''} : ${plan.map((p) => `${p.number} ${formatEuros(p.cents)}`).join(', ') || 'aucune facture due'}${left > 0 ? `, ${formatEuros(left)} en avoir` : ''}`,
  })
  return id
}

/** A refund of the family's credit (never more than the credit). */
export async function addRefund(trx: Kysely<DB>, actor: Actor, clock: Clock, input: PaymentInput) {
  const f = await family(trx, input.familyId)
  const balance = (await balances(trx, [f.id])).get(f.id) ?? 0
  if (-balance < input.amountCents)
    throw new AppError(
      'VALIDATION',
      `Montant : le remboursement ne peut dépasser l’avoir de la famille (${formatEuros(Math.max(0, -balance))}).`,
      [{ path: 'amountCents', label: 'Montant', message: 'Montant : supérieur à l’avoir' }],
    )
  const { id } = await trx
    .insertInto('payments')
    .values({
      family_id: f.id,
      kind: 'remboursement',
      mode: input.mode,
      paid_on: input.paidOn,
      amount_cents: input.amountCents,
      reference: input.reference ?? null,
      created_at: clock.now().toISOString(),
      created_by: actor.staffId,
    })
    .returning('id')
    .executeTakeFirstOrThrow()
  await writeAudit(trx, actor, clock, {
    action: 'billing.payment.refund',
    entityType: 'payment',
    entityId: id,
    familyId: f.id,
    note: `Remboursement ${modeLabel(input.mode)} de ${formatEuros(input.amountCents)} du ${input.paidOn}`,
  })
  return id
}
