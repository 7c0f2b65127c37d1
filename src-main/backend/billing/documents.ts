import type { DB } from '@db/schema'
import type { InvoiceView, StatementView } from '@shared/contract/billing'
import { formatEuros, PAYMENT_MODES } from '@shared/domain/billing'
import { formatDay, formatInstant } from '@shared/format/date'
import { monthLabel } from '@shared/format/month'
import type { Kysely } from 'kysely'
import { communeName } from '../lists/commune'
import { A4Document } from '../print/pdf-document'
import { drawTable } from '../print/pdf-table'
import { getSetting } from '../settings/service'
import { familyNames } from './names'

// The A4 documents of billing (docs/facturation.md, « Documents »): the
// invoice (also the SEPA pre-notification of a family on direct debit), the
// relevé de compte and the régie journal. Header: the commune and the time of
// printing; the régie's name and address under it.

async function letterhead(db: Kysely<DB>) {
  const [commune, address, regie, regieAddress, ics] = await Promise.all([
    communeName(db),
    getSetting(db, 'commune.address'),
    getSetting(db, 'regie.name'),
    getSetting(db, 'regie.address'),
    getSetting(db, 'sepa.ics'),
  ])
  return { commune, address, regie, regieAddress, ics }
}

function document(title: string, commune: string, lines: string[], now: Date) {
  return new A4Document({
    documentTitle: title,
    header: { commune, title, lines, printedAt: `Imprimé le ${formatInstant(now.toISOString())}` },
  })
}

function addressBlock(pdf: A4Document, left: string[], right: string[]) {
  const { doc } = pdf
  const top = doc.y
  doc.font('Helvetica').fontSize(9).fillColor('black')
  doc.text(left.filter(Boolean).join('\n'), pdf.left, top, { width: pdf.width / 2 - 10 })
  const leftBottom = doc.y
  doc.text(right.filter(Boolean).join('\n'), pdf.left + pdf.width / 2, top, { width: pdf.width / 2 })
  doc.y = Math.max(leftBottom, doc.y) + 8
  doc.x = pdf.left
}

export async function invoicePdf(db: Kysely<DB>, invoice: InvoiceView, now: Date): Promise<Buffer> {
  const head = await letterhead(db)
  const family = (await familyNames(db, [invoice.familyId])).get(invoice.familyId)
  const pdf = document(
    `Facture ${invoice.number ?? ''}`,
    head.commune,
    [monthLabel(invoice.month), `Famille ${invoice.familyNumber}`],
    now,
  )
  addressBlock(
    pdf,
    [head.regie || head.commune, head.regieAddress || head.address],
    [family?.name ?? invoice.familyName, ...(family?.address ?? []), `N° famille : ${invoice.familyNumber}`],
  )
  pdf.paragraph(
    `Facture N° ${invoice.number}${invoice.status === 'annulee' ? ' — ANNULÉE' : ''} du ${formatDay(invoice.issuedOn)} — ${monthLabel(invoice.month)}`,
    { bold: true, size: 11 },
  )
  if (invoice.status === 'annulee')
    pdf.paragraph(`Annulée le ${formatDay(invoice.cancelledOn)} : ${invoice.cancelReason ?? ''}`, {
      bold: true,
    })
  pdf.doc.moveDown(0.5)
  drawTable(
    pdf,
    [
      { label: 'Enfant', share: 18 },
      { label: 'Prestation', share: 34 },
      { label: 'QF / tranche', share: 14 },
      { label: 'Quantité', share: 9, align: 'right' },
      { label: 'Prix unitaire', share: 12, align: 'right' },
      { label: 'Montant', share: 13, align: 'right' },
    ],
    invoice.lines.map((l) => ({
      cells: [
        l.childName ?? '',
        l.label,
        l.bracket === null ? '' : `${l.qf === null ? 'QF inconnu' : `QF ${l.qf}`} · ${l.bracket}`,
        String(l.quantity),
        formatEuros(l.unitCents),
        formatEuros(l.amountCents),
      ],
    })),
  )
  const total = invoice.previousBalanceCents + invoice.totalCents
  drawTable(
    pdf,
    [
      { label: 'Récapitulatif', share: 70 },
      { label: '', share: 30, align: 'right' },
    ],
    [
      { cells: ['Montant de la facture', formatEuros(invoice.totalCents)] },
      { cells: ['Solde précédent', formatEuros(invoice.previousBalanceCents)] },
      { cells: ['Total à payer', formatEuros(total)], emphasis: true },
      { cells: ['Date d’échéance', formatDay(invoice.dueOn)] },
    ],
  )
  if (invoice.note) pdf.paragraph(invoice.note, { bold: true })
  if (invoice.debitOn && invoice.sepaRum) {
    pdf.heading('Prélèvement automatique (pré-notification SEPA)')
    pdf.paragraph(
      `Le montant de ${formatEuros(Math.max(0, total))} sera prélevé le ${formatDay(invoice.debitOn)} sur votre compte, au titre du mandat RUM ${invoice.sepaRum}, par le créancier d’identifiant ICS ${head.ics || '(à renseigner dans Paramètres)'}.`,
    )
  } else {
    pdf.heading('Paiement')
    pdf.paragraph(
      `À régler avant le ${formatDay(invoice.dueOn)} auprès de ${head.regie || 'la régie'} : espèces, chèque, CESU (services qui l’acceptent), chèques vacances, virement ou carte.`,
    )
  }
  return pdf.finish()
}

export async function statementPdf(db: Kysely<DB>, view: StatementView, now: Date): Promise<Buffer> {
  const head = await letterhead(db)
  const family = (await familyNames(db, [view.familyId])).get(view.familyId)
  const pdf = document(
    'Relevé de compte',
    head.commune,
    [`Famille ${view.familyNumber}`, `au ${formatDay(view.at)}`],
    now,
  )
  addressBlock(
    pdf,
    [head.regie || head.commune, head.regieAddress || head.address],
    [family?.name ?? view.familyName, ...(family?.address ?? []), `N° famille : ${view.familyNumber}`],
  )
  pdf.paragraph(`Prélèvement : ${view.directDebit ? 'Oui' : 'Non'}`)
  pdf.doc.moveDown(0.5)
  drawTable(
    pdf,
    [
      { label: 'Date', share: 12 },
      { label: 'Opération', share: 40 },
      { label: 'Référence', share: 15 },
      { label: 'Débit', share: 11, align: 'right' },
      { label: 'Crédit', share: 11, align: 'right' },
      { label: 'Solde', share: 11, align: 'right' },
    ],
    [
      ...view.entries.map((e) => ({
        cells: [
          formatDay(e.date),
          e.label,
          e.reference ?? '',
          e.debitCents ? formatEuros(e.debitCents) : '',
          e.creditCents ? formatEuros(e.creditCents) : '',
          formatEuros(e.balanceCents),
        ],
      })),
      {
        cells: [
          formatDay(view.at),
          view.balanceCents < 0 ? 'Avoir en votre faveur' : 'Reste à payer',
          '',
          '',
          '',
          formatEuros(view.balanceCents),
        ],
        emphasis: true,
      },
    ],
  )
  return pdf.finish()
}

/** The régie journal of a period: invoices issued, then payments and refunds by mode, with totals. */
export async function journalPdf(db: Kysely<DB>, from: string, to: string, now: Date): Promise<Buffer> {
  const head = await letterhead(db)
  const [invoices, payments] = await Promise.all([
    db
      .selectFrom('invoices')
      .innerJoin('families', 'families.id', 'invoices.family_id')
      .select([
        'invoices.number',
        'invoices.issued_on',
        'invoices.total_cents',
        'invoices.status',
        'families.number as family',
      ])
      .where('invoices.issued_on', '>=', from)
      .where('invoices.issued_on', '<=', to)
      .orderBy('invoices.number')
      .execute(),
    db
      .selectFrom('payments')
      .innerJoin('families', 'families.id', 'payments.family_id')
      .select([
        'payments.paid_on',
        'payments.kind',
        'payments.mode',
        'payments.amount_cents',
        'payments.reference',
        'families.number as family',
      ])
      .where('payments.paid_on', '>=', from)
      .where('payments.paid_on', '<=', to)
      .orderBy('payments.mode')
      .orderBy('payments.paid_on')
      .execute(),
  ])
  const pdf = document(
    'Journal de la régie',
    head.commune,
    [head.regie || head.commune, `du ${formatDay(from)} au ${formatDay(to)}`],
    now,
  )
  pdf.heading(`Factures émises (${invoices.length})`)
  drawTable(
    pdf,
    [
      { label: 'N° facture', share: 20 },
      { label: 'Date', share: 15 },
      { label: 'Famille', share: 25 },
      { label: 'Statut', share: 20 },
      { label: 'Montant', share: 20, align: 'right' },
    ],
    [
      ...invoices.map((i) => ({
        cells: [
          i.number,
          formatDay(i.issued_on),
          i.family,
          i.status === 'annulee' ? 'Annulée' : 'Émise',
          formatEuros(i.total_cents),
        ],
      })),
      {
        cells: [
          'Total des factures émises (hors annulées)',
          '',
          '',
          '',
          formatEuros(invoices.filter((i) => i.status === 'emise').reduce((s, i) => s + i.total_cents, 0)),
        ],
        emphasis: true,
      },
    ],
  )
  for (const mode of PAYMENT_MODES) {
    const rows = payments.filter((p) => p.mode === mode.value)
    if (rows.length === 0) continue
    pdf.heading(`${mode.label} (${rows.length})`)
    const sum = rows.reduce((s, p) => s + (p.kind === 'paiement' ? p.amount_cents : -p.amount_cents), 0)
    drawTable(
      pdf,
      [
        { label: 'Date', share: 15 },
        { label: 'Famille', share: 25 },
        { label: 'Opération', share: 20 },
        { label: 'Référence', share: 20 },
        { label: 'Montant', share: 20, align: 'right' },
      ],
      [
        ...rows.map((p) => ({
          cells: [
            formatDay(p.paid_on),
            p.family,
            p.kind === 'paiement' ? 'Paiement' : 'Remboursement',
            p.reference ?? '',
            formatEuros(p.kind === 'paiement' ? p.amount_cents : -p.amount_cents),
          ],
        })),
        { cells: [`Total ${mode.label}`, '', '', '', formatEuros(sum)], emphasis: true },
      ],
    )
  }
  return pdf.finish()
}
