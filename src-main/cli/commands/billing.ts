import { writeFileSync } from 'node:fs'
import { resolve } from 'node:path'
import type { BillingRunView, StatementView } from '@shared/contract/billing'
import { familyNumberSchema } from '@shared/contract/families'
import { formatEuros, PAYMENT_MODES, parseEuros } from '@shared/domain/billing'
import { formatDay } from '@shared/format/date'
import { statementJson } from '../../backend/billing/statement-json'
import type { StaffContext } from '../../backend/context'
import { type Command, EXIT_OK, EXIT_REJECTED, UsageError, type Values } from '../command'
import { callChannel } from '../dispatch'

// `billing run`, `billing statement`, `billing payment add` and `billing sepa`
// (docs/facturation.md): the Facturation screen's channels on the command line.

function isoDay(value: unknown, option: string): string {
  if (typeof value !== 'string' || !/^\d{4}-\d{2}-\d{2}$/.test(value))
    throw new UsageError(`--${option} attend une date aaaa-mm-jj.`)
  return value
}

async function familyId(ctx: StaffContext, positional: string | undefined): Promise<number> {
  if (positional === undefined) throw new UsageError('Indiquez le N° famille.')
  const number = familyNumberSchema.safeParse(positional)
  if (!number.success) throw new UsageError(`N° famille invalide : « ${positional} » (chiffres uniquement).`)
  return (await callChannel(ctx, 'billing/family', { number: number.data })).familyId
}

/** The JSON of `billing run --json`, keys as issue 15 names them. */
export function runJson(run: BillingRunView) {
  return {
    mois: run.month,
    factures: run.invoices.map((i) => ({
      famille: i.familyNumber,
      numero: i.number,
      total_centimes: i.totalCents,
      lignes: i.lines.map((l) => ({
        enfant: l.childIdentifier,
        code: l.serviceCode,
        service: l.serviceName,
        etat: l.state,
        quantite: l.quantity,
        prix_unitaire_centimes: l.unitCents,
        montant_centimes: l.amountCents,
        qf: l.qf,
        tranche: l.bracket,
      })),
    })),
    bloquees: run.blocked.map((b) => ({
      famille: b.familyNumber,
      enfant: b.childIdentifier,
      code: b.serviceCode,
      date: b.date,
      etat: b.state,
    })),
  }
}

function runText(run: BillingRunView, dryRun: boolean): string {
  const lines = [
    `Facturation de ${run.month}${dryRun ? ' (aperçu, rien n’est émis)' : ''} : ${run.invoices.length} facture(s), ${formatEuros(run.totalCents)}`,
  ]
  if (run.alreadyIssued > 0)
    lines.push(`${run.alreadyIssued} famille(s) déjà facturée(s) ce mois : rien de nouveau pour elles.`)
  for (const i of run.invoices.slice(0, 50))
    lines.push(
      `  ${i.number ?? '(aperçu)'}  famille ${i.familyNumber}  ${i.familyName}  ${formatEuros(i.totalCents)}`,
    )
  if (run.invoices.length > 50)
    lines.push(`  … et ${run.invoices.length - 50} autre(s) (--json pour tout voir)`)
  if (run.blocked.length > 0) {
    lines.push(
      '',
      `Familles bloquées (${new Set(run.blocked.map((b) => b.familyId)).size}) : à régler avant de facturer`,
    )
    for (const b of run.blocked)
      lines.push(
        `  famille ${b.familyNumber}  ${b.childName} (${b.childIdentifier})  ${b.serviceCode}  ${formatDay(b.date)}  ${b.stateLabel}`,
      )
  }
  return lines.join('\n')
}

function statementText(view: StatementView): string {
  const lines = [
    `Relevé de compte de la famille ${view.familyNumber} (${view.familyName}) au ${formatDay(view.at)}`,
    `Prélèvement : ${view.directDebit ? 'Oui' : 'Non'}`,
    '',
  ]
  for (const e of view.entries)
    lines.push(
      `${formatDay(e.date)}  ${e.label.padEnd(40)}  ${(e.debitCents ? formatEuros(e.debitCents) : '').padStart(12)}  ${(e.creditCents ? formatEuros(e.creditCents) : '').padStart(12)}  ${formatEuros(e.balanceCents).padStart(12)}`,
    )
  lines.push('', `Solde : ${formatEuros(view.balanceCents)}${view.balanceCents < 0 ? ' (avoir)' : ''}`)
  return lines.join('\n')
}

export const billingRunCommand: Command = {
  name: 'billing run',
  summary:
    'Facture un mois d’après l’agenda : aperçu (--dry-run) ou émission des factures numérotées ; liste les familles bloquées.',
  usage: 'billing run --month AAAA-MM [--dry-run] [--json]',
  options: { month: { type: 'string' }, 'dry-run': { type: 'boolean' }, json: { type: 'boolean' } },
  requiredOptions: ['month'],
  database: 'migrated',
  async run(ctx, { values }, io) {
    const month = values.month
    if (typeof month !== 'string' || !/^\d{4}-(0[1-9]|1[0-2])$/.test(month))
      throw new UsageError('--month attend un mois AAAA-MM.')
    const dryRun = values['dry-run'] === true
    const run = await callChannel(ctx, dryRun ? 'billing/preview' : 'billing/issue', { month })
    io.out(values.json ? JSON.stringify(runJson(run), null, 2) : runText(run, dryRun))
    return EXIT_OK
  },
}

export const billingStatementCommand: Command = {
  name: 'billing statement',
  summary:
    'Relevé de compte d’une famille : factures, paiements et avoirs avec le solde (--json, ou --pdf FICHIER).',
  usage: 'billing statement N°FAMILLE [--at AAAA-MM-JJ] [--json | --pdf FICHIER]',
  options: { at: { type: 'string' }, json: { type: 'boolean' }, pdf: { type: 'string' } },
  database: 'migrated',
  async run(ctx, { values, positionals }, io) {
    if (positionals.length !== 1) throw new UsageError('Indiquez un seul N° famille.')
    if (values.json && values.pdf !== undefined) throw new UsageError('Choisissez --json ou --pdf.')
    const id = await familyId(ctx, positionals[0])
    const at = values.at === undefined ? undefined : isoDay(values.at, 'at')
    if (typeof values.pdf === 'string') {
      const file = await callChannel(ctx, 'billing/statementFile', { familyId: id, ...(at ? { at } : {}) })
      writeFileSync(resolve(values.pdf), Buffer.from(file.base64 ?? '', 'base64'))
      io.out(`Fichier écrit : ${resolve(values.pdf)}`)
      return EXIT_OK
    }
    const view = await callChannel(ctx, 'billing/statement', { familyId: id, ...(at ? { at } : {}) })
    io.out(values.json ? JSON.stringify(statementJson(view), null, 2) : statementText(view))
    return EXIT_OK
  },
}

function mode(values: Values): string {
  const m = values.mode
  const known = PAYMENT_MODES.map((p) => p.value) as string[]
  if (typeof m !== 'string' || !known.includes(m))
    throw new UsageError(`--mode attend : ${known.join(', ')}.`)
  return m
}

export const billingPaymentCommand: Command = {
  name: 'billing payment',
  summary: 'Enregistre un paiement, imputé à la facture impayée la plus ancienne d’abord.',
  usage: 'billing payment add N°FAMILLE --amount 20.00 --mode especes --date AAAA-MM-JJ [--reference TEXTE]',
  options: {
    amount: { type: 'string' },
    mode: { type: 'string' },
    date: { type: 'string' },
    reference: { type: 'string' },
  },
  requiredOptions: ['amount', 'mode', 'date'],
  database: 'migrated',
  async run(ctx, { values, positionals }, io) {
    if (positionals[0] !== 'add' || positionals.length !== 2)
      throw new UsageError('Usage : billing payment add N°FAMILLE …')
    const id = await familyId(ctx, positionals[1])
    const cents = parseEuros(String(values.amount))
    if (cents === null || cents <= 0) {
      io.err(`Montant invalide : « ${values.amount} » (par exemple 20.00).`)
      return EXIT_REJECTED
    }
    const view = await callChannel(ctx, 'billing/payment', {
      familyId: id,
      mode: mode(values),
      paidOn: isoDay(values.date, 'date'),
      amountCents: cents,
      ...(typeof values.reference === 'string' ? { reference: values.reference } : {}),
    })
    io.out(
      `Paiement de ${formatEuros(cents)} enregistré. Solde de la famille ${view.familyNumber} : ${formatEuros(view.balanceCents)}`,
    )
    return EXIT_OK
  },
}

export const billingSepaCommand: Command = {
  name: 'billing sepa',
  summary:
    'Écrit le lot de prélèvements SEPA (pain.008) d’une date ; une facture n’est jamais dans deux lots.',
  usage: 'billing sepa --collection-date AAAA-MM-JJ --out FICHIER.xml [--version 02|08]',
  options: { 'collection-date': { type: 'string' }, out: { type: 'string' }, version: { type: 'string' } },
  requiredOptions: ['collection-date', 'out'],
  database: 'migrated',
  async run(ctx, { values }, io) {
    const version = values.version ?? '08'
    if (version !== '02' && version !== '08') throw new UsageError('--version attend 02 ou 08.')
    const batch = await callChannel(ctx, 'billing/sepaExport', {
      collectionDate: isoDay(values['collection-date'], 'collection-date'),
      version,
    })
    const out = resolve(String(values.out))
    writeFileSync(out, Buffer.from(batch.base64 ?? '', 'base64'))
    io.out(`Lot écrit : ${out} — ${batch.nbOfTxs} prélèvement(s), ${formatEuros(batch.ctrlSumCents)}`)
    for (const e of batch.excluded)
      io.out(
        `  écartée : famille ${e.familyNumber}${e.invoiceNumber ? ` (facture ${e.invoiceNumber})` : ''} — ${e.reason}`,
      )
    return EXIT_OK
  },
}

/** The `releve` key of `family show --json`. */
export async function releveJson(ctx: StaffContext, id: number) {
  return statementJson(await callChannel(ctx, 'billing/statement', { familyId: id }))
}
