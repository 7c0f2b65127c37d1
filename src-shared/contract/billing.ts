import { bracketProblems, PAYMENT_MODES, TARIFF_UNITS, type TariffUnit } from '../domain/billing'
import { bic, iban, requiredDay, requiredText, text } from '../validation/values'
import { z } from '../zod'
import { channel } from './define'

// Billing (docs/facturation.md): tariffs, the monthly run, invoices,
// payments, the relevé de compte, the régie journal and SEPA debit batches.
// Amounts are integer cents everywhere.

const id = (label: string) => z.number().int().positive().describe(label)
const month = z
  .string()
  .regex(/^\d{4}-(0[1-9]|1[0-2])$/, 'mois attendu au format AAAA-MM')
  .describe('Mois')
const cents = (label: string) =>
  z.number({ message: 'montant attendu' }).int('montant en centimes entiers attendu').describe(label)

export interface BillingLineView {
  childId: number | null
  childIdentifier: string | null
  childName: string | null
  serviceId: number | null
  serviceCode: string | null
  serviceName: string | null
  period: string
  kind: 'acte' | 'correction' | 'reduction'
  state: string
  quantity: number
  unitCents: number
  amountCents: number
  qf: number | null
  bracket: string | null
  label: string
}

export interface InvoiceView {
  /** null in a preview. */
  invoiceId: number | null
  number: string | null
  familyId: number
  familyNumber: string
  familyName: string
  month: string
  issuedOn: string | null
  dueOn: string | null
  debitOn: string | null
  sepaRum: string | null
  totalCents: number
  previousBalanceCents: number
  note: string | null
  status: 'apercu' | 'emise' | 'annulee'
  cancelledOn: string | null
  cancelReason: string | null
  paidCents: number
  lines: BillingLineView[]
}

export interface BlockedView {
  familyId: number
  familyNumber: string
  familyName: string
  childIdentifier: string
  childName: string
  serviceCode: string
  serviceName: string
  date: string
  state: string
  stateLabel: string
}

export interface BillingRunView {
  month: string
  /** False for a preview. */
  issued: boolean
  invoices: InvoiceView[]
  blocked: BlockedView[]
  /** Families whose invoice for the month was issued before: nothing new for them. */
  alreadyIssued: number
  totalCents: number
}

export interface StatementEntry {
  date: string
  kind: 'facture' | 'annulation' | 'paiement' | 'remboursement'
  label: string
  reference: string | null
  debitCents: number
  creditCents: number
  balanceCents: number
}

export interface StatementView {
  familyId: number
  familyNumber: string
  familyName: string
  at: string
  directDebit: boolean
  entries: StatementEntry[]
  /** Positive: the family owes it; negative: a credit. */
  balanceCents: number
}

export interface TariffView {
  id: number
  serviceId: number
  serviceCode: string
  serviceName: string
  validFrom: string
  validTo: string | null
  unit: TariffUnit
  absentSharePct: number
  surchargePct: number
  thirdChildDiscountPct: number
  cesuAccepted: boolean
  deliberationRef: string
  deliberationDate: string
  brackets: { qfMin: number; priceCents: number }[]
}

export interface BillingSettings {
  communeName: string
  communeAddress: string
  regieName: string
  regieAddress: string
  dueDays: number
  creditorName: string
  ics: string
  iban: string
  bic: string
}

export interface SepaExclusion {
  familyNumber: string
  familyName: string
  invoiceNumber: string | null
  reason: string
}

export interface SepaBatchView {
  collectionDate: string
  version: '02' | '08'
  transactions: {
    familyNumber: string
    familyName: string
    invoiceNumber: string
    sequence: 'FRST' | 'RCUR'
    amountCents: number
  }[]
  excluded: SepaExclusion[]
  nbOfTxs: number
  ctrlSumCents: number
  /** The pain.008 file, once exported. */
  fileName: string | null
  base64: string | null
  batchId: number | null
}

export interface BillingFile {
  fileName: string
  /** The bytes, base64; null when written to a path chosen in the desktop dialog. */
  base64: string | null
}

/** Desktop: a path granted by files/chooseSave; without it the file comes back as base64. */
const path = z.string().max(4096).optional()

export const PAYMENT_MODE_VALUES = PAYMENT_MODES.map((m) => m.value) as [string, ...string[]]

export const tariffInput = z
  .object({
    id: id('Tarif').optional(),
    serviceId: id('Service'),
    validFrom: requiredDay('Valable du'),
    validTo: requiredDay('Valable au').nullable(),
    unit: z.enum(TARIFF_UNITS.map((u) => u.value) as [TariffUnit, ...TariffUnit[]]).describe('Unité'),
    absentSharePct: z.number().int().min(0).max(100).describe('Part facturée d’un Absent facturé (%)'),
    surchargePct: z.number().int().min(0).max(1000).describe('Majoration Heure hors contrat (%)'),
    thirdChildDiscountPct: z.number().int().min(0).max(100).describe('Réduction à partir du 3e enfant (%)'),
    cesuAccepted: z.boolean().describe('CESU accepté'),
    deliberationRef: requiredText('Délibération', 100),
    deliberationDate: requiredDay('Date de la délibération'),
    brackets: z
      .array(
        z
          .object({
            qfMin: z.number().int().min(0).max(100_000).describe('Quotient minimum'),
            priceCents: cents('Prix').pipe(z.number().min(0, 'prix positif attendu').max(100_000)),
          })
          .strict(),
      )
      .max(20)
      .describe('Tranches'),
  })
  .strict()
  .superRefine((v, ctx) => {
    for (const message of bracketProblems(v.brackets))
      ctx.addIssue({ code: 'custom', message, path: ['brackets'] })
    if (v.validTo !== null && v.validTo < v.validFrom)
      ctx.addIssue({ code: 'custom', message: 'Valable au : doit être après Valable du', path: ['validTo'] })
  })

export const paymentInput = z
  .object({
    familyId: id('Famille'),
    mode: z.enum(PAYMENT_MODE_VALUES).describe('Mode de paiement'),
    paidOn: requiredDay('Date'),
    amountCents: cents('Montant').pipe(z.number().min(1, 'montant positif attendu').max(100_000_000)),
    reference: text('Référence', 100).optional(),
  })
  .strict()

export const billingChannels = {
  'billing/preview': channel(z.object({ month }).strict()).returns<BillingRunView>(),
  'billing/issue': channel(z.object({ month }).strict(), { access: 'responsable' }).returns<BillingRunView>(),
  'billing/invoices': channel(
    z.object({ familyId: id('Famille').optional(), month: month.optional() }).strict(),
  ).returns<InvoiceView[]>(),
  'billing/cancel': channel(
    z.object({ invoiceId: id('Facture'), reason: requiredText('Motif', 200) }).strict(),
    { access: 'responsable' },
  ).returns<{ cancelled: InvoiceView; replacement: InvoiceView | null }>(),
  'billing/invoiceFile': channel(
    z.object({ invoiceId: id('Facture'), path }).strict(),
  ).returns<BillingFile>(),
  'billing/statement': channel(
    z.object({ familyId: id('Famille'), at: requiredDay('Au').optional() }).strict(),
  ).returns<StatementView>(),
  'billing/statementFile': channel(
    z.object({ familyId: id('Famille'), at: requiredDay('Au').optional(), path }).strict(),
  ).returns<BillingFile>(),
  'billing/family': channel(z.object({ number: requiredText('N° famille', 20) }).strict()).returns<{
    familyId: number
    familyNumber: string
    familyName: string
  }>(),
  'billing/payment': channel(paymentInput).returns<StatementView>(),
  'billing/refund': channel(paymentInput, { access: 'responsable' }).returns<StatementView>(),
  'billing/journalFile': channel(
    z.object({ from: requiredDay('Du'), to: requiredDay('Au'), path }).strict(),
  ).returns<BillingFile>(),
  'billing/tariffs': channel(z.object({}).strict()).returns<TariffView[]>(),
  'billing/saveTariff': channel(tariffInput, { access: 'responsable' }).returns<TariffView>(),
  'billing/settings': channel(z.object({}).strict()).returns<BillingSettings>(),
  'billing/saveSettings': channel(
    z
      .object({
        regieName: text('Nom de la régie', 100),
        regieAddress: text('Adresse de la régie', 300),
        dueDays: z.number().int().min(0).max(90).describe('Délai de paiement (jours)'),
        creditorName: text('Nom du créancier SEPA', 70),
        ics: z
          .string()
          .trim()
          .toUpperCase()
          .regex(/^$|^[A-Z]{2}\d{2}[A-Z0-9]{3}[A-Z0-9]{1,28}$/, 'ICS invalide (par exemple FR12ZZZ123456)')
          .describe('ICS'),
        iban: iban('IBAN du créancier'),
        bic: bic('BIC du créancier'),
      })
      .strict(),
    { access: 'administrateur' },
  ).returns<BillingSettings>(),
  /** The debit batch for a date, without writing anything (bank right: Paramètres). */
  'billing/sepaPreview': channel(
    z
      .object({
        collectionDate: requiredDay('Date de prélèvement'),
        version: z.enum(['02', '08']).optional(),
      })
      .strict(),
    { access: 'responsable' },
  ).returns<SepaBatchView>({ finance: { touches: () => true } }),
  /** Writes the batch and its pain.008 file; its invoices are never in another batch. */
  'billing/sepaExport': channel(
    z
      .object({
        collectionDate: requiredDay('Date de prélèvement'),
        version: z.enum(['02', '08']).optional(),
        path,
      })
      .strict(),
    { access: 'responsable' },
  ).returns<SepaBatchView>({ finance: { touches: () => true } }),
}
