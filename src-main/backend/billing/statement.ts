import type { DB } from '@db/schema'
import type { StatementEntry, StatementView } from '@shared/contract/billing'
import { PAYMENT_MODES } from '@shared/domain/billing'
import { monthLabel } from '@shared/format/month'
import type { Kysely } from 'kysely'
import { AppError } from '../errors'
import { familyNames } from './names'

// The relevé de compte (docs/facturation.md): a family's invoices, their
// cancellations, payments and refunds in date order with the running
// balance, up to a day. A few indexed reads: well under 20 ms a family.

/** Within a day: invoices and cancellations (a cancellation just before its replacement), then payments, then refunds. */
const ORDER = { facture: 0, annulation: 0, paiement: 2, remboursement: 3 } as const

export async function statement(db: Kysely<DB>, familyId: number, at: string): Promise<StatementView> {
  const [names, invoices, payments] = await Promise.all([
    familyNames(db, [familyId]),
    db
      .selectFrom('invoices')
      .select([
        'id',
        'number',
        'month',
        'issued_on',
        'total_cents',
        'status',
        'cancelled_on',
        'cancel_reason',
        'replaces_id',
      ])
      .where('family_id', '=', familyId)
      .where('issued_on', '<=', at)
      .execute(),
    db
      .selectFrom('payments')
      .select(['id', 'kind', 'mode', 'paid_on', 'amount_cents', 'reference'])
      .where('family_id', '=', familyId)
      .where('paid_on', '<=', at)
      .execute(),
  ])
  const family = names.get(familyId)
  if (!family) throw new AppError('NOT_FOUND', 'Famille introuvable.')
  const raw: (Omit<StatementEntry, 'balanceCents'> & { tie: number })[] = []
  const replacement = new Map(
    invoices.filter((i) => i.replaces_id !== null).map((i) => [i.replaces_id, i.id]),
  )
  for (const i of invoices) {
    const debit = Math.max(0, i.total_cents)
    const credit = Math.max(0, -i.total_cents)
    raw.push({
      date: i.issued_on,
      kind: 'facture',
      label: `Facture ${monthLabel(i.month)}`,
      reference: i.number,
      debitCents: debit,
      creditCents: credit,
      tie: i.id,
    })
    if (i.status === 'annulee' && i.cancelled_on !== null && i.cancelled_on <= at)
      raw.push({
        date: i.cancelled_on,
        kind: 'annulation',
        label: `Annulation de la facture ${i.number}${i.cancel_reason ? ` : ${i.cancel_reason}` : ''}`,
        reference: i.number,
        debitCents: credit,
        creditCents: debit,
        tie: (replacement.get(i.id) ?? i.id + 1) - 0.5,
      })
  }
  for (const p of payments) {
    const mode = PAYMENT_MODES.find((m) => m.value === p.mode)?.label ?? p.mode
    const refund = p.kind === 'remboursement'
    raw.push({
      date: p.paid_on,
      kind: refund ? 'remboursement' : 'paiement',
      label: refund ? `Remboursement (${mode})` : `Paiement (${mode})`,
      reference: p.reference,
      debitCents: refund ? p.amount_cents : 0,
      creditCents: refund ? 0 : p.amount_cents,
      tie: p.id,
    })
  }
  raw.sort((a, b) => a.date.localeCompare(b.date) || ORDER[a.kind] - ORDER[b.kind] || a.tie - b.tie)
  let balance = 0
  const entries = raw.map(({ tie: _tie, ...e }) => {
    balance += e.debitCents - e.creditCents
    return { ...e, balanceCents: balance }
  })
  return {
    familyId,
    familyNumber: family.number,
    familyName: family.name,
    at,
    directDebit: family.directDebit,
    entries,
    balanceCents: balance,
  }
}
