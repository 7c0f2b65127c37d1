import type { DB } from '@db/schema'
import type { BillingLineView, BillingRunView, BlockedView, InvoiceView } from '@shared/contract/billing'
import { agendaState } from '@shared/domain/agenda'
import { invoiceNumber } from '@shared/domain/billing'
import { addDays } from '@shared/domain/days'
import { monthLabel } from '@shared/format/month'
import type { Insertable, Kysely } from 'kysely'
import { writeAudit } from '../audit/service'
import type { Actor, Clock } from '../context'
import { getSetting } from '../settings/service'
import { balances } from './balances'
import { type BlockedDay, chunked, type DraftLine, monthLines, NONE } from './month-lines'
import { childNames, familyLabels, serviceNames } from './names'

// The monthly run (docs/facturation.md, « La facturation du mois »): a
// preview of every family's invoice, then issuing them in one transaction
// with gapless numbers. A family already invoiced for the month gets nothing
// new; a blocked family gets no invoice until staff resolve its days.
// Changes to months already invoiced (a late certificate…) come back as
// correction lines on the next invoice: the issued one never changes.

/** How many months back a run looks for changes to invoiced months. */
export const CORRECTION_MONTHS = 2

export interface Draft {
  familyId: number
  lines: DraftLine[]
  totalCents: number
  note: string | null
}

export interface RunPlan {
  month: string
  drafts: Draft[]
  blocked: BlockedDay[]
  alreadyIssued: number
}

export function previousMonth(month: string, n = 1): string {
  const [y, m] = month.split('-').map(Number)
  const index = y * 12 + (m - 1) - n
  return `${Math.floor(index / 12)}-${String((index % 12) + 1).padStart(2, '0')}`
}

/** The months whose runs may bill `period`: its own, then the ones that correct it. */
function monthsBilling(period: string): string[] {
  return Array.from({ length: CORRECTION_MONTHS + 1 }, (_, n) => previousMonth(period, -n))
}

/** One collator for the sorts of a city's run: localeCompare builds one per call (seconds over 100,000 invoices). */
const byText = new Intl.Collator().compare

const UNKNOWN_QF = 'Quotient familial non connu : la tranche la plus haute est appliquée.'

/** What the run would issue for the month (families given: only those). */
export async function planRun(db: Kysely<DB>, month: string, familyIds?: number[]): Promise<RunPlan> {
  const issued = new Set(
    (
      await db
        .selectFrom('invoices')
        .select('family_id')
        .where('month', '=', month)
        .where('status', '=', 'emise')
        .execute()
    ).map((r) => r.family_id),
  )
  const current = await monthLines(db, month, familyIds ? { familyIds } : {})
  const corrections = new Map<number, DraftLine[]>()
  for (let n = 1; n <= CORRECTION_MONTHS; n++) {
    for (const [familyId, lines] of await correctionsFor(db, previousMonth(month, n), familyIds)) {
      if (issued.has(familyId)) continue
      corrections.set(familyId, [...(corrections.get(familyId) ?? []), ...lines])
    }
  }
  const drafts: Draft[] = []
  const blocked: BlockedDay[] = []
  const families = new Set([...current.keys(), ...corrections.keys()])
  for (const familyId of families) {
    if (issued.has(familyId)) continue
    const fm = current.get(familyId)
    if (fm && fm.blocked.length > 0) {
      blocked.push(...fm.blocked)
      continue
    }
    const more = corrections.get(familyId)
    const lines = more ? [...(fm?.lines ?? []), ...more] : (fm?.lines ?? [])
    if (lines.length === 0) continue
    drafts.push({
      familyId,
      lines,
      totalCents: lines.reduce((s, l) => s + l.amountCents, 0),
      note: fm?.unknownQf ? UNKNOWN_QF : null,
    })
  }
  const alreadyIssued = [...issued].filter((id) => !familyIds || familyIds.includes(id)).length
  return { month, drafts, blocked, alreadyIssued }
}

/**
 * Corrections of an invoiced month: for each family invoiced for it whose
 * agenda, enrolments or QF changed since (the audit log says so), what the
 * agenda bills now less what was billed, by child, service, state and price.
 */
async function correctionsFor(db: Kysely<DB>, period: string, only?: number[]) {
  const out = new Map<number, DraftLine[]>()
  let invoiced = db
    .selectFrom('invoice_lines')
    .innerJoin('invoices', 'invoices.id', 'invoice_lines.invoice_id')
    .select(['invoices.family_id', 'invoices.created_at'])
    .where('invoice_lines.period', '=', period)
    .where('invoices.status', '=', 'emise')
    // Through the invoices of the months that bill the period (an index), not every line ever issued.
    .where('invoices.month', 'in', monthsBilling(period))
  if (only) invoiced = invoiced.where('invoices.family_id', 'in', only)
  const rows = await invoiced.execute()
  if (rows.length === 0) return out
  const since = rows.reduce((m, r) => (r.created_at < m ? r.created_at : m), rows[0].created_at)
  const invoicedAt = new Map<number, string>()
  for (const r of rows) {
    const at = invoicedAt.get(r.family_id)
    if (!at || r.created_at > at) invoicedAt.set(r.family_id, r.created_at)
  }
  const changes = await db
    .selectFrom('audit_log')
    .leftJoin('children', 'children.id', 'audit_log.child_id')
    .select(['audit_log.family_id', 'children.family_id as child_family', 'audit_log.at'])
    .where('audit_log.at', '>', since)
    .where('audit_log.action', 'not like', 'billing.%')
    .where((eb) =>
      eb.or([eb('audit_log.family_id', 'is not', null), eb('audit_log.child_id', 'is not', null)]),
    )
    .execute()
  const changed = new Set<number>()
  for (const c of changes) {
    const family = c.family_id ?? c.child_family
    const at = family === null ? undefined : invoicedAt.get(family)
    if (family !== null && at !== undefined && c.at > at) changed.add(family)
  }
  if (changed.size === 0) return out
  const familyIds = [...changed]
  const billed = await chunked(familyIds, (slice) =>
    db
      .selectFrom('invoice_lines')
      .innerJoin('invoices', 'invoices.id', 'invoice_lines.invoice_id')
      .select([
        'invoices.family_id',
        'invoice_lines.child_id',
        'invoice_lines.service_id',
        'invoice_lines.state',
        'invoice_lines.unit_cents',
        'invoice_lines.quantity',
        'invoice_lines.qf',
        'invoice_lines.bracket',
        'invoice_lines.label',
      ])
      .where('invoices.family_id', 'in', slice)
      .where('invoices.status', '=', 'emise')
      .where('invoices.month', 'in', monthsBilling(period))
      .where('invoice_lines.period', '=', period)
      .where('invoice_lines.kind', 'in', ['acte', 'correction'])
      .execute(),
  )
  const now = await monthLines(db, period, { familyIds })
  const key = (l: { childId: number | null; serviceId: number | null; state: string; unitCents: number }) =>
    `${l.childId}|${l.serviceId}|${l.state}|${l.unitCents}`
  for (const familyId of familyIds) {
    const diff = new Map<string, DraftLine>()
    for (const l of now.get(familyId)?.lines ?? []) {
      if (l.kind !== 'acte') continue
      const d = diff.get(key(l)) ?? { ...l, quantity: 0 }
      d.quantity += l.quantity
      diff.set(key(l), d)
    }
    for (const b of billed.filter((r) => r.family_id === familyId)) {
      const k = key({ childId: b.child_id, serviceId: b.service_id, state: b.state, unitCents: b.unit_cents })
      const d =
        diff.get(k) ??
        ({
          childId: b.child_id,
          serviceId: b.service_id,
          period,
          kind: 'acte',
          state: b.state,
          quantity: 0,
          unitCents: b.unit_cents,
          amountCents: 0,
          qf: b.qf,
          bracket: b.bracket,
          label: b.label.replace(/^Régularisation [^:]*: /, ''),
        } satisfies DraftLine)
      d.quantity -= b.quantity
      diff.set(k, d)
    }
    const lines = [...diff.values()]
      .filter((d) => d.quantity !== 0)
      .map((d) => ({
        ...d,
        kind: 'correction' as const,
        amountCents: d.quantity * d.unitCents,
        label: `Régularisation ${monthLabel(period)} : ${d.label}`,
      }))
    if (lines.length > 0) out.set(familyId, lines)
  }
  return out
}

export interface IssueOptions {
  actor: Actor
  clock: Clock
  /** The issue date (Paris day). */
  today: string
  familyIds?: number[]
}

/** Issues the planned invoices in the caller's transaction; returns the plan with the invoices' ids and numbers. */
export async function issueRun(trx: Kysely<DB>, month: string, options: IssueOptions) {
  const plan = await planRun(trx, month, options.familyIds)
  const dueDays = await getSetting(trx, 'billing.dueDays')
  const dueOn = addDays(options.today, dueDays)
  const year = Number(options.today.slice(0, 4))
  await sortByFamilyNumber(trx, plan.drafts)
  let last = await nextNumbers(trx, year, plan.drafts.length)
  const createdAt = options.clock.now().toISOString()
  const issued: IssuedDraft[] = []
  const lines = lineWriter(trx)
  // A slice of invoices at a time, with their balances, mandates, lines and audit entries: a city's
  // run never builds its 300,000 lines' rows at once nor holds every family's balance (bench billing
  // prints the peak memory). A family's balance is read before its own invoice is written.
  for (let i = 0; i < plan.drafts.length; i += 200) {
    const slice = plan.drafts.slice(i, i + 200)
    const ids = slice.map((d) => d.familyId)
    const [previous, families] = await Promise.all([balances(trx, ids), mandates(trx, ids)])
    const values = slice.map((d) => {
      last++
      const rum = families.get(d.familyId) ?? null
      return {
        family_id: d.familyId,
        month,
        number: invoiceNumber(year, last),
        issued_on: options.today,
        due_on: dueOn,
        debit_on: rum ? dueOn : null,
        sepa_rum: rum,
        total_cents: d.totalCents,
        previous_balance_cents: previous.get(d.familyId) ?? 0,
        note: d.note,
        created_at: createdAt,
      }
    })
    const rows = await trx.insertInto('invoices').values(values).returning(['id', 'number']).execute()
    // The drafts become the issued invoices (no copy: a city's run holds 100,000 of them).
    const done = slice.map(
      (d, j): IssuedDraft => Object.assign(d, { invoiceId: rows[j].id, number: rows[j].number }),
    )
    issued.push(...done)
    await lines.add(done)
    await trx
      .insertInto('audit_log')
      .values(
        done.map((d) => ({
          at: createdAt,
          staff_id: options.actor.staffId,
          actor: options.actor.displayName,
          action: 'billing.invoice.issue',
          entity_type: 'invoice',
          entity_id: d.invoiceId,
          entity_version: null,
          family_id: d.familyId,
          child_id: null,
          request_id: null,
          changes: null,
          note: `Facture ${d.number} (${monthLabel(month)}) : ${d.totalCents} centimes`,
        })),
      )
      .execute()
  }
  await lines.flush()
  await writeAudit(trx, options.actor, options.clock, {
    action: 'billing.run',
    entityType: 'billing_run',
    note: `Facturation de ${monthLabel(month)} : ${issued.length} facture(s) émise(s), ${new Set(plan.blocked.map((b) => b.familyId)).size} famille(s) bloquée(s), ${plan.alreadyIssued} déjà facturée(s)`,
  })
  return { plan, issued }
}

/** Sorts drafts in the order of their families' numbers; only those are read (no name, no address), and let go after. */
async function sortByFamilyNumber(trx: Kysely<DB>, drafts: Draft[]) {
  const numbers = new Map(
    (
      await chunked(
        drafts.map((d) => d.familyId),
        (slice) => trx.selectFrom('families').select(['id', 'number']).where('id', 'in', slice).execute(),
      )
    ).map((f) => [f.id, f.number]),
  )
  drafts.sort((a, b) => byText(numbers.get(a.familyId) ?? '', numbers.get(b.familyId) ?? ''))
}

type LineRow = Insertable<DB['invoice_lines']>

/** Writes the lines of issued invoices as they come, 500 rows a statement (one SQL text, prepared once). */
function lineWriter(trx: Kysely<DB>) {
  let pending: LineRow[] = []
  const write = async (rows: LineRow[]) => {
    await trx.insertInto('invoice_lines').values(rows).execute()
  }
  return {
    async add(invoices: IssuedDraft[]): Promise<void> {
      for (const d of invoices)
        for (const l of d.lines)
          pending.push({
            invoice_id: d.invoiceId,
            child_id: l.childId,
            service_id: l.serviceId,
            period: l.period,
            kind: l.kind,
            state: l.state,
            quantity: l.quantity,
            unit_cents: l.unitCents,
            amount_cents: l.amountCents,
            qf: l.qf,
            bracket: l.bracket,
            label: l.label,
          })
      while (pending.length >= 500) await write(pending.splice(0, 500))
    },
    async flush(): Promise<void> {
      if (pending.length > 0) await write(pending)
      pending = []
    },
  }
}

export interface IssuedDraft extends Draft {
  invoiceId: number
  number: string
}

/** Reserves `count` numbers of the year in the sequence; returns the last number used before them. */
export async function nextNumbers(trx: Kysely<DB>, year: number, count: number): Promise<number> {
  const row = await trx
    .selectFrom('invoice_sequences')
    .select('last_number')
    .where('year', '=', year)
    .executeTakeFirst()
  const last = row?.last_number ?? 0
  if (count === 0) return last
  await trx
    .insertInto('invoice_sequences')
    .values({ year, last_number: last + count })
    .onConflict((oc) => oc.column('year').doUpdateSet({ last_number: last + count }))
    .execute()
  return last
}

/** The RUM of families on direct debit with a complete mandate. */
export async function mandates(db: Kysely<DB>, familyIds: number[]): Promise<Map<number, string>> {
  const rows = await chunked(familyIds, (slice) =>
    db
      .selectFrom('families')
      .select(['id', 'sepa_rum'])
      .where('id', 'in', slice)
      .where('direct_debit', '=', 1)
      .where('sepa_rum', 'is not', null)
      .where('iban', 'is not', null)
      .where('sepa_signed_on', 'is not', null)
      .execute(),
  )
  return new Map(rows.map((r) => [r.id, r.sepa_rum as string]))
}

/** Invoices viewed at a time, with their families', children's and balances' reads. */
const VIEW_BATCH = 1000

/**
 * The run as the screen and the CLI show it. It takes the drafts over: each
 * batch's lines are let go once viewed, so that a city's run never holds its
 * 300,000 lines twice, as drafts and as views (bench billing prints the peak
 * memory; the callers show the view and drop the plan).
 */
export async function runView(
  db: Kysely<DB>,
  plan: RunPlan,
  issued: IssuedDraft[] | null,
): Promise<BillingRunView> {
  const drafts: (Draft & { invoiceId?: number; number?: string })[] = issued ?? plan.drafts
  const services = await serviceNames(db)
  const invoices: InvoiceView[] = []
  for (let i = 0; i < drafts.length; i += VIEW_BATCH) {
    const slice = drafts.slice(i, i + VIEW_BATCH)
    const familyIds = slice.map((d) => d.familyId)
    const [families, children, previous] = await Promise.all([
      familyLabels(db, familyIds),
      childNames(
        db,
        slice.flatMap((d) => d.lines.map((l) => l.childId).filter((c): c is number => c !== null)),
      ),
      issued ? Promise.resolve(null) : balances(db, familyIds),
    ])
    for (const d of slice) {
      const f = families.get(d.familyId)
      invoices.push({
        invoiceId: d.invoiceId ?? null,
        number: d.number ?? null,
        familyId: d.familyId,
        familyNumber: f?.number ?? '',
        familyName: f?.name ?? '',
        month: plan.month,
        issuedOn: null,
        dueOn: null,
        debitOn: null,
        sepaRum: null,
        totalCents: d.totalCents,
        previousBalanceCents: previous?.get(d.familyId) ?? 0,
        note: d.note,
        status: issued ? 'emise' : 'apercu',
        cancelledOn: null,
        cancelReason: null,
        paidCents: 0,
        lines: d.lines.map((l) => lineView(l, children, services)),
      })
      d.lines = NONE
    }
  }
  invoices.sort((a, b) => byText(a.familyNumber, b.familyNumber))
  const [families, children] = await Promise.all([
    familyLabels(
      db,
      plan.blocked.map((b) => b.familyId),
    ),
    childNames(
      db,
      plan.blocked.map((b) => b.childId),
    ),
  ])
  const blocked = plan.blocked.map((b): BlockedView => {
    const f = families.get(b.familyId)
    const c = children.get(b.childId)
    const s = services.get(b.serviceId)
    return {
      familyId: b.familyId,
      familyNumber: f?.number ?? '',
      familyName: f?.name ?? '',
      childIdentifier: c?.identifier ?? '',
      childName: c?.name ?? '',
      serviceCode: s?.code ?? '',
      serviceName: s?.name ?? '',
      date: b.date,
      state: b.state,
      stateLabel: b.state === 'sans_tarif' ? 'Pas de tarif ce jour' : agendaState(b.state as never).label,
    }
  })
  blocked.sort((a, b) => byText(a.familyNumber, b.familyNumber) || byText(a.date, b.date))
  return {
    month: plan.month,
    issued: issued !== null,
    invoices,
    blocked,
    alreadyIssued: plan.alreadyIssued,
    totalCents: invoices.reduce((s, i) => s + i.totalCents, 0),
  }
}

export function lineView(
  l: DraftLine,
  children: Map<number, { identifier: string; name: string }>,
  services: Map<number, { code: string; name: string }>,
): BillingLineView {
  const c = l.childId === null ? undefined : children.get(l.childId)
  const s = l.serviceId === null ? undefined : services.get(l.serviceId)
  return {
    childId: l.childId,
    childIdentifier: c?.identifier ?? null,
    childName: c?.name ?? null,
    serviceId: l.serviceId,
    serviceCode: s?.code ?? null,
    serviceName: s?.name ?? null,
    period: l.period,
    kind: l.kind,
    state: l.state,
    quantity: l.quantity,
    unitCents: l.unitCents,
    amountCents: l.amountCents,
    qf: l.qf,
    bracket: l.bracket,
    label: l.label,
  }
}
