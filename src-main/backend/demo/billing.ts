import type { DB, PaymentMode } from '@db/schema'
import type { Bracket } from '@shared/domain/billing'
import { addDays, inMask, monthBounds } from '@shared/domain/days'
import type { Kysely } from 'kysely'
import SEPA from 'sepa'
import { issueRun, previousMonth } from '../billing/run'
import { saveTariff } from '../billing/tariffs'
import { loadServiceCalendars } from '../calendar/service-days'
import type { StaffContext } from '../context'
import { setSetting } from '../settings/service'
import { frenchIban } from './bank'
import { SCHOOL_WEEK } from './biviers'
import { Rng } from './rng'

// The demo's billing (docs/facturation.md, « Démonstration »): Biviers'
// tariffs for its three services at four QF brackets (the city's groups take
// the same tariffs), the régie and the SEPA creditor, and the two months
// before last issued with their payments: families on direct debit paid by a
// first SEPA batch, the others in cash, cheque, card or transfer, some in
// part, some not yet. Last month is left for staff to preview and issue.
// Deterministic for a seed: its own random stream, a clock fixed on each
// issue day, rows read in id order.

interface DemoTariff {
  kind: 'accueil_matin' | 'accueil_soir' | 'restauration'
  unit: 'acte' | 'demi_heure'
  brackets: Bracket[]
  cesu: boolean
  surcharge: number
}

const brackets = (...prices: number[]): Bracket[] =>
  [0, 500, 900, 1300].map((qfMin, i) => ({ qfMin, priceCents: prices[i] }))

const TARIFFS: DemoTariff[] = [
  { kind: 'accueil_matin', unit: 'acte', brackets: brackets(80, 110, 140, 170), cesu: true, surcharge: 50 },
  {
    kind: 'accueil_soir',
    unit: 'demi_heure',
    brackets: brackets(50, 70, 90, 115),
    cesu: true,
    surcharge: 50,
  },
  { kind: 'restauration', unit: 'acte', brackets: brackets(100, 210, 320, 410), cesu: false, surcharge: 0 },
]

const OTHER_MODES: PaymentMode[] = ['cheque', 'especes', 'carte', 'virement', 'cheque', 'carte']

export interface DemoBillingInput {
  seed: string
  today: string
  schoolYear: number
}

export async function writeDemoBilling(trx: Kysely<DB>, ctx: StaffContext, input: DemoBillingInput) {
  const rng = new Rng(`${input.seed}:billing`)
  // The demo is summed up by its one audit entry (generate.ts): the entries the billing services write are dropped.
  const lastAudit = await trx
    .selectFrom('audit_log')
    .select((eb) => eb.fn.max('id').as('id'))
    .executeTakeFirst()
  const at = (day: string) => ({ now: () => new Date(`${day}T08:00:00.000Z`) })
  const setup = { ...ctx, db: trx, clock: at(`${input.schoolYear}-08-25`) }
  const settings = [
    ['regie.name', 'Régie de recettes périscolaires de Biviers'],
    ['regie.address', 'Mairie, 1 place de la Mairie, 38330 Biviers'],
    ['sepa.creditorName', 'Régie périscolaire de Biviers'],
    ['sepa.ics', SEPA.checksumCreditorID('FR00ZZZ538330')],
    ['sepa.iban', frenchIban('30001', '00794', '38330000001')],
    ['sepa.bic', 'BDFEFRPPCCT'],
  ] as const
  for (const [key, value] of settings) await setSetting(trx, ctx.actor, setup.clock, key, value)
  const services = await trx.selectFrom('services').select(['id', 'kind']).orderBy('id').execute()
  for (const s of services) {
    const t = TARIFFS.find((x) => x.kind === s.kind)
    if (!t) continue
    await saveTariff(trx, setup, {
      serviceId: s.id,
      validFrom: `${input.schoolYear}-09-01`,
      validTo: null,
      unit: t.unit,
      absentSharePct: 100,
      surchargePct: t.surcharge,
      thirdChildDiscountPct: 10,
      cesuAccepted: t.cesu,
      deliberationRef: `DEL-${input.schoolYear}-031`,
      deliberationDate: `${input.schoolYear}-06-26`,
      brackets: t.brackets,
    })
  }
  const staffMonth = previousMonth(input.today.slice(0, 7))
  for (const n of [2, 1]) {
    const month = previousMonth(staffMonth, n)
    if (month < `${input.schoolYear}-09`) continue
    const issueDay = `${previousMonth(staffMonth, n - 1)}-05`
    const { issued } = await issueRun(trx, month, { actor: ctx.actor, clock: at(issueDay), today: issueDay })
    await payments(trx, rng, issued, {
      month,
      issueDay,
      firstBatch: n === 2,
      stamp: `${issueDay}T08:00:00.000Z`,
    })
  }
  await daysToCheck(trx, staffMonth, `${input.today}T00:00:00.000Z`)
  await trx
    .deleteFrom('audit_log')
    .where('id', '>', Number(lastAudit?.id ?? 0))
    .execute()
}

/** A few children of Biviers' meals marked absent without a declared absence last month: their families wait for staff. */
async function daysToCheck(trx: Kysely<DB>, month: string, stamp: string) {
  const meals = await trx
    .selectFrom('services')
    .select('id')
    .where('code', '=', 'BIV-REPAS')
    .executeTakeFirst()
  if (!meals) return
  const calendar = (await loadServiceCalendars(trx, [meals.id], `${month}-01`, monthBounds(month).to)).get(
    meals.id,
  )
  const open = calendar?.days.filter((d) => d.open && inMask(SCHOOL_WEEK, d.date)).map((d) => d.date) ?? []
  if (open.length === 0) return
  const children = await trx
    .selectFrom('enrolments')
    .select('child_id')
    .where('service_id', '=', meals.id)
    .where('state', '=', 'validee')
    .where('weekdays', '=', SCHOOL_WEEK)
    .where('starts_on', '<=', open[0])
    .orderBy('child_id')
    .execute()
  const step = Math.max(3, Math.floor(children.length / 8))
  const picked = children.filter((_, i) => i % step === Math.floor(step / 2)).slice(0, 8)
  if (picked.length === 0) return
  await trx
    .insertInto('agenda_exceptions')
    .values(
      picked.map((c, i) => ({
        child_id: c.child_id,
        service_id: meals.id,
        day: open[(i * 3) % open.length],
        state: 'absence_a_verifier',
        note: 'Marqué absent à la liste du jour, sans absence déclarée',
        created_at: stamp,
        updated_at: stamp,
      })),
    )
    .onConflict((oc) => oc.doNothing())
    .execute()
}

interface Issued {
  invoiceId: number
  familyId: number
  totalCents: number
}

/** Payments of one month's invoices, in bulk: by SEPA for families on direct debit (the older month only), others by hand. */
async function payments(
  trx: Kysely<DB>,
  rng: Rng,
  issued: Issued[],
  options: { month: string; issueDay: string; firstBatch: boolean; stamp: string },
) {
  const debited = new Map(
    (
      await trx
        .selectFrom('invoices')
        .innerJoin('families', 'families.id', 'invoices.family_id')
        .select(['invoices.id', 'families.sepa_rum', 'invoices.debit_on'])
        .where('invoices.month', '=', options.month)
        .where('invoices.debit_on', 'is not', null)
        .where('invoices.total_cents', '>', 0)
        .orderBy('invoices.id')
        .execute()
    ).map((r) => [r.id, r]),
  )
  const rows: { invoiceId: number; familyId: number; mode: PaymentMode; day: string; cents: number }[] = []
  for (const i of issued) {
    if (i.totalCents <= 0) continue
    const sepa = debited.get(i.invoiceId)
    if (sepa) {
      if (options.firstBatch)
        rows.push({
          invoiceId: i.invoiceId,
          familyId: i.familyId,
          mode: 'prelevement',
          day: sepa.debit_on as string,
          cents: i.totalCents,
        })
      continue
    }
    const roll = rng.next()
    const share = options.firstBatch
      ? roll < 0.8
        ? 1
        : roll < 0.9
          ? 0.5
          : 0
      : roll < 0.5
        ? 1
        : roll < 0.6
          ? 0.5
          : 0
    if (share === 0) continue
    rows.push({
      invoiceId: i.invoiceId,
      familyId: i.familyId,
      mode: OTHER_MODES[rng.int(0, OTHER_MODES.length - 1)] as PaymentMode,
      day: addDays(options.issueDay, rng.int(2, 18)),
      cents: Math.round(i.totalCents * share),
    })
  }
  if (options.firstBatch && debited.size > 0) await firstBatch(trx, options)
  for (let i = 0; i < rows.length; i += 400) {
    const slice = rows.slice(i, i + 400)
    const ids = await trx
      .insertInto('payments')
      .values(
        slice.map((r) => ({
          family_id: r.familyId,
          kind: 'paiement' as const,
          mode: r.mode,
          paid_on: r.day,
          amount_cents: r.cents,
          reference:
            r.mode === 'cheque'
              ? `Chèque n° ${String(r.invoiceId * 7919)
                  .padStart(7, '0')
                  .slice(-7)}`
              : null,
          created_at: options.stamp,
          created_by: null,
        })),
      )
      .returning('id')
      .execute()
    await trx
      .insertInto('payment_allocations')
      .values(
        slice.map((r, j) => ({ payment_id: ids[j].id, invoice_id: r.invoiceId, amount_cents: r.cents })),
      )
      .execute()
  }
}

/** The batch that collected the older month's debits: its invoices are in it, its mandates become recurrent. */
async function firstBatch(trx: Kysely<DB>, options: { month: string; stamp: string }) {
  const all = await trx
    .selectFrom('invoices')
    .select(['id', 'family_id', 'total_cents', 'sepa_rum', 'debit_on'])
    .where('month', '=', options.month)
    .where('debit_on', 'is not', null)
    .where('total_cents', '>', 0)
    .orderBy('id')
    .execute()
  const collection = all[0]?.debit_on as string
  const { id } = await trx
    .insertInto('sepa_batches')
    .values({
      message_id: `MARELLE-${collection.replaceAll('-', '')}-DEMO`,
      collection_date: collection,
      pain_version: '08',
      transactions: all.length,
      total_cents: all.reduce((s, i) => s + i.total_cents, 0),
      created_at: options.stamp,
      created_by: null,
    })
    .returning('id')
    .executeTakeFirstOrThrow()
  await trx
    .updateTable('invoices')
    .set({ sepa_batch_id: id })
    .where('month', '=', options.month)
    .where('debit_on', 'is not', null)
    .where('total_cents', '>', 0)
    .execute()
  const uses = [
    ...new Map(
      all.map((i) => [
        i.family_id,
        { family_id: i.family_id, rum: i.sepa_rum as string, first_batch_id: id },
      ]),
    ).values(),
  ]
  for (let i = 0; i < uses.length; i += 400)
    await trx
      .insertInto('sepa_mandate_uses')
      .values(uses.slice(i, i + 400))
      .execute()
}
