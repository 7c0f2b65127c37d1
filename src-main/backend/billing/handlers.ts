import { writeFileSync } from 'node:fs'
import type { billingChannels } from '@shared/contract/billing'
import { dayInFrance } from '@shared/format/date'
import type { StaffContext } from '../context'
import { inTransaction } from '../db/transaction'
import { AppError, forbidden } from '../errors'
import type { HandlersOf } from '../ipc/handler-types'
import { requireDesktop } from '../jobs/handlers'
import { invoicePdf, journalPdf, statementPdf } from './documents'
import { cancelInvoice, invoiceById, invoiceViews } from './invoices'
import { addPayment, addRefund } from './payments'
import { issueRun, planRun, runView } from './run'
import { batchView, exportBatch, planBatch } from './sepa'
import { statement } from './statement'
import { billingSettings, listTariffs, saveBillingSettings, saveTariff } from './tariffs'

// The Facturation screen's channels (docs/facturation.md). Files go to a
// path chosen in the desktop dialog, or come back as base64.

function deliver(ctx: StaffContext, bytes: Uint8Array, fileName: string, path: string | undefined) {
  if (path === undefined) return { fileName, base64: Buffer.from(bytes).toString('base64') }
  if (!requireDesktop(ctx).consumeGrant(path))
    throw forbidden('Ce fichier n’a pas été choisi dans la fenêtre d’enregistrement.')
  writeFileSync(path, bytes)
  return { fileName, base64: null }
}

const today = (ctx: StaffContext) => dayInFrance(ctx.clock.now())

export const billingHandlers = {
  'billing/preview': async (ctx, { month }) => runView(ctx.db, await planRun(ctx.db, month), null),
  'billing/issue': (ctx, { month }) =>
    inTransaction(ctx.db, async (trx) => {
      const { plan, issued } = await issueRun(trx, month, {
        actor: ctx.actor,
        clock: ctx.clock,
        today: today(ctx),
      })
      return runView(trx, plan, issued)
    }),
  'billing/invoices': (ctx, filter) => invoiceViews(ctx.db, filter),
  'billing/cancel': (ctx, input) =>
    inTransaction(ctx.db, (trx) => cancelInvoice(trx, ctx, { ...input, today: today(ctx) })),
  'billing/invoiceFile': async (ctx, { invoiceId, path }) => {
    const invoice = await invoiceById(ctx.db, invoiceId)
    return deliver(
      ctx,
      await invoicePdf(ctx.db, invoice, ctx.clock.now()),
      `facture-${invoice.number}.pdf`,
      path,
    )
  },
  'billing/statement': (ctx, { familyId, at }) => statement(ctx.db, familyId, at ?? today(ctx)),
  'billing/statementFile': async (ctx, { familyId, at, path }) => {
    const view = await statement(ctx.db, familyId, at ?? today(ctx))
    return deliver(
      ctx,
      await statementPdf(ctx.db, view, ctx.clock.now()),
      `releve-${view.familyNumber}-${view.at}.pdf`,
      path,
    )
  },
  'billing/family': async (ctx, { number }) => {
    const row = await ctx.db
      .selectFrom('families')
      .select(['id', 'number'])
      .where('number', '=', number.trim())
      .executeTakeFirst()
    if (!row) throw new AppError('NOT_FOUND', `Famille N° ${number} introuvable.`)
    const view = await statement(ctx.db, row.id, today(ctx))
    return { familyId: row.id, familyNumber: row.number, familyName: view.familyName }
  },
  'billing/payment': async (ctx, input) => {
    await inTransaction(ctx.db, (trx) => addPayment(trx, ctx.actor, ctx.clock, input as never))
    return statement(ctx.db, input.familyId, today(ctx) > input.paidOn ? today(ctx) : input.paidOn)
  },
  'billing/refund': async (ctx, input) => {
    await inTransaction(ctx.db, (trx) => addRefund(trx, ctx.actor, ctx.clock, input as never))
    return statement(ctx.db, input.familyId, today(ctx) > input.paidOn ? today(ctx) : input.paidOn)
  },
  'billing/journalFile': async (ctx, { from, to, path }) =>
    deliver(
      ctx,
      await journalPdf(ctx.db, from, to, ctx.clock.now()),
      `journal-regie-${from}-${to}.pdf`,
      path,
    ),
  'billing/tariffs': (ctx) => listTariffs(ctx.db),
  'billing/saveTariff': (ctx, input) => inTransaction(ctx.db, (trx) => saveTariff(trx, ctx, input)),
  'billing/settings': (ctx) => billingSettings(ctx.db),
  'billing/saveSettings': (ctx, input) =>
    inTransaction(ctx.db, (trx) =>
      saveBillingSettings(trx, ctx, {
        ...input,
        regieName: input.regieName ?? '',
        regieAddress: input.regieAddress ?? '',
        creditorName: input.creditorName ?? '',
      }),
    ),
  'billing/sepaPreview': async (ctx, { collectionDate, version }) =>
    batchView(await planBatch(ctx.db, collectionDate, version ?? '08'), null),
  'billing/sepaExport': async (ctx, { collectionDate, version, path }) => {
    const view = await inTransaction(ctx.db, (trx) =>
      exportBatch(trx, ctx.actor, ctx.clock, { collectionDate, version: version ?? '08', today: today(ctx) }),
    )
    if (path === undefined) return view
    const file = deliver(
      ctx,
      Buffer.from(view.base64 ?? '', 'base64'),
      view.fileName ?? 'prelevements.xml',
      path,
    )
    return { ...view, base64: file.base64 }
  },
} satisfies HandlersOf<typeof billingChannels>
