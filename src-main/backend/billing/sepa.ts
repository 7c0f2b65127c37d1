import type { DB } from '@db/schema'
import type { SepaBatchView, SepaExclusion } from '@shared/contract/billing'
import { formatEuros } from '@shared/domain/billing'
import { formatDay } from '@shared/format/date'
import type { Kysely } from 'kysely'
import SEPA from 'sepa'
import { writeAudit } from '../audit/service'
import type { Actor, Clock } from '../context'
import { AppError } from '../errors'
import { getSetting } from '../settings/service'
import { balances } from './balances'
import { chunked } from './month-lines'
import { familyNames } from './names'

// SEPA direct debit (docs/facturation.md, « Prélèvement SEPA »): the issued
// invoices of families on direct debit with a complete mandate and an amount
// due, first debits (FRST) and recurrent ones (RCUR) in their own payment
// blocks, written as pain.008 by the `sepa` package. The library takes
// floats: amounts go in as cents / 100, and NbOfTxs and CtrlSum are counted
// again here from the file, in cents, before anything is stored.

export type PainVersion = '02' | '08'

interface PlannedTx {
  invoiceId: number
  invoiceNumber: string
  familyId: number
  familyNumber: string
  familyName: string
  holder: string
  iban: string
  bic: string
  rum: string
  signedOn: string
  sequence: 'FRST' | 'RCUR'
  amountCents: number
}

export interface BatchPlan {
  collectionDate: string
  version: PainVersion
  transactions: PlannedTx[]
  excluded: SepaExclusion[]
}

export async function planBatch(
  db: Kysely<DB>,
  collectionDate: string,
  version: PainVersion,
): Promise<BatchPlan> {
  const invoices = await db
    .selectFrom('invoices')
    .innerJoin('families', 'families.id', 'invoices.family_id')
    .leftJoin('payment_allocations', 'payment_allocations.invoice_id', 'invoices.id')
    .select((eb) => [
      'invoices.id',
      'invoices.number',
      'invoices.family_id',
      'invoices.total_cents',
      'invoices.debit_on',
      'invoices.sepa_batch_id',
      'families.iban',
      'families.bic',
      'families.sepa_rum',
      'families.sepa_signed_on',
      'families.bank_holder',
      eb.fn.coalesce(eb.fn.sum<number>('payment_allocations.amount_cents'), eb.lit(0)).as('paid'),
    ])
    .where('invoices.status', '=', 'emise')
    .where('families.direct_debit', '=', 1)
    .groupBy([
      'invoices.id',
      'invoices.number',
      'invoices.family_id',
      'invoices.total_cents',
      'invoices.debit_on',
      'invoices.sepa_batch_id',
      'families.iban',
      'families.bic',
      'families.sepa_rum',
      'families.sepa_signed_on',
      'families.bank_holder',
    ])
    .orderBy('invoices.number')
    .execute()
  const familyIds = [...new Set(invoices.map((i) => i.family_id))]
  const [names, balance, used] = await Promise.all([
    familyNames(db, familyIds),
    balances(db, familyIds),
    chunked(familyIds, (slice) =>
      db
        .selectFrom('sepa_mandate_uses')
        .select(['family_id', 'rum'])
        .where('family_id', 'in', slice)
        .execute(),
    ),
  ])
  const usedKeys = new Set(used.map((u) => `${u.family_id}|${u.rum}`))
  const plan: BatchPlan = { collectionDate, version, transactions: [], excluded: [] }
  const left = new Map(balance)
  for (const i of invoices) {
    const due = i.total_cents - Number(i.paid)
    if (i.sepa_batch_id !== null || due <= 0) continue
    const f = names.get(i.family_id)
    const exclude = (reason: string) =>
      plan.excluded.push({
        familyNumber: f?.number ?? '',
        familyName: f?.name ?? '',
        invoiceNumber: i.number,
        reason,
      })
    if (!i.sepa_rum || !i.iban || !i.bic || !i.sepa_signed_on) {
      exclude('Pas de mandat complet (RUM, IBAN, BIC ou date de signature manquant)')
      continue
    }
    if (i.debit_on !== null && i.debit_on > collectionDate) {
      exclude(`Prélèvement prévu le ${formatDay(i.debit_on)}, après la date du lot`)
      continue
    }
    const rest = left.get(i.family_id) ?? 0
    const amount = Math.min(due, rest)
    if (amount <= 0) {
      exclude(`Solde créditeur ou nul (${formatEuros(rest)})`)
      continue
    }
    left.set(i.family_id, rest - amount)
    plan.transactions.push({
      invoiceId: i.id,
      invoiceNumber: i.number,
      familyId: i.family_id,
      familyNumber: f?.number ?? '',
      familyName: f?.name ?? '',
      holder: i.bank_holder || f?.name || '',
      iban: i.iban,
      bic: i.bic,
      rum: i.sepa_rum,
      signedOn: i.sepa_signed_on,
      sequence: usedKeys.has(`${i.family_id}|${i.sepa_rum}`) ? 'RCUR' : 'FRST',
      amountCents: amount,
    })
  }
  // One mandate, one sequence per batch: a family's second invoice is RCUR only after its FRST is collected.
  const seen = new Set<string>()
  plan.transactions = plan.transactions.filter((t) => {
    const key = `${t.familyId}|${t.rum}`
    if (t.sequence === 'FRST' && seen.has(key)) {
      plan.excluded.push({
        familyNumber: t.familyNumber,
        familyName: t.familyName,
        invoiceNumber: t.invoiceNumber,
        reason: 'Premier prélèvement du mandat déjà dans ce lot : au lot suivant',
      })
      return false
    }
    seen.add(key)
    return true
  })
  return plan
}

/** Text in the SEPA character set: Latin letters and digits, / - ? : ( ) . , ' + and space; accents dropped. */
export function sepaText(text: string, max: number): string {
  return text
    .normalize('NFD')
    .replace(/[\u0300-\u036f]/g, '')
    .replace(/Œ/g, 'OE')
    .replace(/œ/g, 'oe')
    .replace(/Æ/g, 'AE')
    .replace(/æ/g, 'ae')
    .replace(/ß/g, 'ss')
    .replace(/[’‘]/g, "'")
    .replace(/[^A-Za-z0-9/\-?:().,'+ ]/g, ' ')
    .replace(/\s+/g, ' ')
    .trim()
    .slice(0, max)
}

const localDate = (day: string) =>
  new Date(Number(day.slice(0, 4)), Number(day.slice(5, 7)) - 1, Number(day.slice(8, 10)))

/** « 27.30 » → 2730, from the file's text, without floats. */
function textCents(amount: string): number {
  const [euros, decimals = ''] = amount.split('.')
  return Number(euros) * 100 + Number(decimals.padEnd(2, '0').slice(0, 2))
}

/** Counts the file's transactions and sums their amounts; throws when the headers disagree with them or with the plan. */
export function checkTotals(xml: string, expected: { count: number; cents: number }): void {
  const amounts = [...xml.matchAll(/<InstdAmt Ccy="EUR">([0-9.]+)<\/InstdAmt>/g)].map((m) => textCents(m[1]))
  const sum = amounts.reduce((s, a) => s + a, 0)
  const header = /<GrpHdr>[\s\S]*?<NbOfTxs>(\d+)<\/NbOfTxs>\s*<CtrlSum>([0-9.]+)<\/CtrlSum>/.exec(xml)
  const blocks = [...xml.matchAll(/<PmtInf>[\s\S]*?<\/PmtInf>/g)].map((b) => b[0])
  const blockOk = blocks.every((b) => {
    const n = /<NbOfTxs>(\d+)<\/NbOfTxs>\s*<CtrlSum>([0-9.]+)<\/CtrlSum>/.exec(b)
    const inner = [...b.matchAll(/<InstdAmt Ccy="EUR">([0-9.]+)<\/InstdAmt>/g)].map((m) => textCents(m[1]))
    return n && Number(n[1]) === inner.length && textCents(n[2]) === inner.reduce((s, a) => s + a, 0)
  })
  if (
    !header ||
    !blockOk ||
    Number(header[1]) !== amounts.length ||
    textCents(header[2]) !== sum ||
    amounts.length !== expected.count ||
    sum !== expected.cents
  )
    throw new Error(
      `pain.008 totals disagree: ${amounts.length} transactions for ${sum} cents, ${expected.count} for ${expected.cents} expected`,
    )
}

export async function creditor(db: Kysely<DB>) {
  const [name, ics, iban, bic] = await Promise.all([
    getSetting(db, 'sepa.creditorName'),
    getSetting(db, 'sepa.ics'),
    getSetting(db, 'sepa.iban'),
    getSetting(db, 'sepa.bic'),
  ])
  const missing = [
    name ? null : 'nom du créancier',
    ics ? null : 'ICS',
    iban ? null : 'IBAN',
    bic ? null : 'BIC',
  ].filter(Boolean)
  if (missing.length > 0)
    throw new AppError(
      'VALIDATION',
      `Prélèvement : renseignez d’abord dans Paramètres → Facturation le ${missing.join(', le ')} du créancier SEPA.`,
    )
  if (!SEPA.validateCreditorID(ics))
    throw new AppError('VALIDATION', `ICS : « ${ics} » n’est pas un identifiant créancier SEPA valide.`)
  return { name, ics, iban, bic }
}

export function painXml(
  plan: BatchPlan,
  who: { name: string; ics: string; iban: string; bic: string },
  messageId: string,
  created: Date,
): string {
  const doc = new SEPA.Document(`pain.008.001.${plan.version}`)
  doc.grpHdr.id = messageId
  doc.grpHdr.created = created
  doc.grpHdr.initiatorName = sepaText(who.name, 70)
  for (const sequence of ['FRST', 'RCUR'] as const) {
    const txs = plan.transactions.filter((t) => t.sequence === sequence)
    if (txs.length === 0) continue
    const info = doc.createPaymentInfo()
    info.collectionDate = localDate(plan.collectionDate)
    info.creditorIBAN = who.iban
    info.creditorBIC = who.bic
    info.creditorName = sepaText(who.name, 70)
    info.creditorId = who.ics
    info.sequenceType = sequence
    info.batchBooking = true
    doc.addPaymentInfo(info)
    for (const t of txs) {
      const tx = info.createTransaction()
      tx.debtorName = sepaText(t.holder, 70)
      tx.debtorIBAN = t.iban
      tx.debtorBIC = t.bic
      tx.mandateId = sepaText(t.rum, 35)
      tx.mandateSignatureDate = localDate(t.signedOn)
      tx.amount = t.amountCents / 100
      tx.remittanceInfo = sepaText(`Facture ${t.invoiceNumber} famille ${t.familyNumber}`, 140)
      tx.end2endId = sepaText(t.invoiceNumber, 35)
      info.addTransaction(tx)
    }
  }
  const xml = doc.toString()
  checkTotals(xml, {
    count: plan.transactions.length,
    cents: plan.transactions.reduce((s, t) => s + t.amountCents, 0),
  })
  return xml
}

export function batchView(
  plan: BatchPlan,
  file: { xml: string; fileName: string; batchId: number } | null,
): SepaBatchView {
  return {
    collectionDate: plan.collectionDate,
    version: plan.version,
    transactions: plan.transactions.map((t) => ({
      familyNumber: t.familyNumber,
      familyName: t.familyName,
      invoiceNumber: t.invoiceNumber,
      sequence: t.sequence,
      amountCents: t.amountCents,
    })),
    excluded: plan.excluded,
    nbOfTxs: plan.transactions.length,
    ctrlSumCents: plan.transactions.reduce((s, t) => s + t.amountCents, 0),
    fileName: file?.fileName ?? null,
    base64: file ? Buffer.from(file.xml, 'utf8').toString('base64') : null,
    batchId: file?.batchId ?? null,
  }
}

/** Records the batch, marks its invoices (never in another batch) and its first debits as used, in the caller's transaction. */
export async function exportBatch(
  trx: Kysely<DB>,
  actor: Actor,
  clock: Clock,
  input: { collectionDate: string; version: PainVersion; today: string },
) {
  if (input.collectionDate < input.today)
    throw new AppError('VALIDATION', 'Date de prélèvement : elle ne peut pas être passée.', [
      { path: 'collectionDate', label: 'Date de prélèvement', message: 'Date de prélèvement : date passée' },
    ])
  const who = await creditor(trx)
  const plan = await planBatch(trx, input.collectionDate, input.version)
  if (plan.transactions.length === 0)
    throw new AppError(
      'CONFLICT',
      `Rien à prélever le ${formatDay(input.collectionDate)} : ${plan.excluded.length > 0 ? `${plan.excluded.length} facture(s) écartée(s)` : 'les factures à prélever sont déjà dans un lot ou payées'}.`,
    )
  const now = clock.now()
  const total = plan.transactions.reduce((s, t) => s + t.amountCents, 0)
  const { id } = await trx
    .insertInto('sepa_batches')
    .values({
      message_id: `pending-${now.getTime()}`,
      collection_date: input.collectionDate,
      pain_version: input.version,
      transactions: plan.transactions.length,
      total_cents: total,
      created_at: now.toISOString(),
      created_by: actor.staffId,
    })
    .returning('id')
    .executeTakeFirstOrThrow()
  const messageId = `MARELLE-${input.collectionDate.replaceAll('-', '')}-${String(id).padStart(6, '0')}`
  await trx.updateTable('sepa_batches').set({ message_id: messageId }).where('id', '=', id).execute()
  const xml = painXml(plan, who, messageId, now)
  const invoiceIds = plan.transactions.map((t) => t.invoiceId)
  await chunked(invoiceIds, async (slice) => {
    const done = await trx
      .updateTable('invoices')
      .set({ sepa_batch_id: id })
      .where('id', 'in', slice)
      .where('sepa_batch_id', 'is', null)
      .executeTakeFirst()
    if (Number(done.numUpdatedRows) !== slice.length)
      throw new AppError('CONFLICT', 'Une facture est déjà dans un autre lot.')
    return []
  })
  const firsts = plan.transactions.filter((t) => t.sequence === 'FRST')
  if (firsts.length > 0)
    await trx
      .insertInto('sepa_mandate_uses')
      .values(firsts.map((t) => ({ family_id: t.familyId, rum: t.rum, first_batch_id: id })))
      .execute()
  for (const t of plan.transactions)
    await writeAudit(trx, actor, clock, {
      action: 'billing.sepa.debit',
      entityType: 'invoice',
      entityId: t.invoiceId,
      familyId: t.familyId,
      note: `Prélèvement ${t.sequence} de ${formatEuros(t.amountCents)} le ${formatDay(input.collectionDate)} (lot ${messageId}, facture ${t.invoiceNumber})`,
    })
  await writeAudit(trx, actor, clock, {
    action: 'billing.sepa.batch',
    entityType: 'sepa_batch',
    entityId: id,
    note: `Lot ${messageId} (pain.008.001.${input.version}) : ${plan.transactions.length} prélèvement(s), ${formatEuros(total)}, ${plan.excluded.length} écarté(s)`,
  })
  return batchView(plan, { xml, fileName: `prelevements-${input.collectionDate}.xml`, batchId: id })
}
