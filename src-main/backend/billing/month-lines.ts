import type { DB } from '@db/schema'
import { agendaState } from '@shared/domain/agenda'
import {
  BILLED_STATES,
  BLOCKING_STATES,
  bracketFor,
  bracketLabel,
  percentOf,
  startedUnits,
} from '@shared/domain/billing'
import { monthBounds } from '@shared/domain/days'
import type { Kysely } from 'kysely'
import { type ComputedRow, computeAgenda } from '../agenda/compute'
import { type LoadedTariff, loadTariffs, TariffBook } from './tariff-book'

// What a month bills, per family, from the computed agenda only
// (docs/facturation.md, « Ce qui est facturé »): one line per child, service,
// state and price; the QF valid on the day of each act; the states that
// block the family's invoice.

export interface DraftLine {
  childId: number | null
  serviceId: number | null
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

export interface BlockedDay {
  familyId: number
  childId: number
  serviceId: number
  date: string
  /** An agenda state code, or « sans_tarif » when the service has no tariff that day. */
  state: string
}

export interface FamilyMonth {
  familyId: number
  lines: DraftLine[]
  blocked: BlockedDay[]
  /** At least one act billed without a valid QF (the top bracket). */
  unknownQf: boolean
}

const BILLED = new Set<string>(BILLED_STATES)
const BLOCKING = new Set<string>(BLOCKING_STATES)

export interface Quotient {
  qf: number
  from: string
  to: string | null
}

/** The QF valid on a day; the latest start wins. */
export function qfOn(quotients: Quotient[] | undefined, day: string): number | null {
  let found: number | null = null
  for (const q of quotients ?? []) if (q.from <= day && (q.to === null || q.to >= day)) found = q.qf
  return found
}

export interface BillingScope {
  /** Only these families (all when absent). */
  familyIds?: number[]
}

interface Mark {
  arrivedAt: string | null
  leftAt: string | null
}

/** Every family's bill for the month (families with nothing billed and nothing blocked are left out). */
export async function monthLines(
  db: Kysely<DB>,
  month: string,
  scope: BillingScope = {},
): Promise<Map<number, FamilyMonth>> {
  const { from, to } = monthBounds(month)
  const tariffs = await loadTariffs(db, { from, to })
  const book = new TariffBook(tariffs)
  const marks = await loadMarks(db, tariffs, from, to)
  const services = await db.selectFrom('services').select(['id', 'name', 'code']).execute()
  const serviceName = new Map(services.map((s) => [s.id, s.name]))
  const out = new Map<number, FamilyMonth>()
  const texts = new TextCache()
  // One structure's agenda at a time: its cells are let go before the next one is computed.
  for await (const rows of agendaRows(db, from, to, scope)) {
    if (rows.length === 0) continue
    const childIds = [...new Set(rows.map((r) => r.childId))]
    const batch = await chunked(childIds, (ids) =>
      db.selectFrom('children').select(['id', 'family_id']).where('id', 'in', ids).execute(),
    )
    const familyOf = new Map(batch.map((c) => [c.id, c.family_id]))
    const quotients = await loadQuotients(db, [...new Set(batch.map((c) => c.family_id))], from, to)
    billRows(rows, { familyOf, quotients, marks, book, serviceName, month, out, texts })
  }
  await addThirdChildDiscounts(db, out, book, month, to, serviceName)
  for (const [id, fm] of out) if (fm.lines.length === 0 && fm.blocked.length === 0) out.delete(id)
  return out
}

interface BillContext {
  familyOf: Map<number, number>
  quotients: Map<number, Quotient[]>
  marks: Map<string, Mark>
  book: TariffBook
  serviceName: Map<number, string>
  month: string
  out: Map<number, FamilyMonth>
  texts: TextCache
}

/** One string for each distinct label and bracket of a month: a city's 300,000 lines share a few dozen. */
class TextCache {
  private readonly texts = new Map<string, string>()
  get(key: string, make: () => string): string {
    let text = this.texts.get(key)
    if (text === undefined) {
      text = make()
      this.texts.set(key, text)
    }
    return text
  }
}

/**
 * The empty list a family's lines, blocked days and a billed row's cells
 * start from or go back to, never pushed into: lists grow by concat, to their
 * exact length (an array grown by push keeps room for 17 elements, and a
 * city's run holds 100,000 families' lists at once).
 */
export const NONE = Object.freeze([]) as unknown as never[]

/** A line being grouped, with what makes it distinct beside its state. */
interface Grouping {
  line: DraftLine
  qf: number | null
  index: number
}

/**
 * Bills the cells of some agenda rows into the families' months. It runs for
 * every cell of the city's month (millions): no string or object is built
 * per cell, only per line (bench billing).
 */
function billRows(
  rows: ComputedRow[],
  { familyOf, quotients, marks, book, serviceName, month, out, texts }: BillContext,
) {
  const grouped: Grouping[] = []
  for (const row of rows) {
    const familyId = familyOf.get(row.childId)
    if (familyId === undefined) continue
    let fm = out.get(familyId)
    if (!fm) {
      fm = { familyId, lines: NONE, blocked: NONE, unknownQf: false }
      out.set(familyId, fm)
    }
    const history = quotients.get(familyId)
    grouped.length = 0
    let monthlyDone = false
    for (const cell of row.cells) {
      const state = cell.state
      if (state === null) continue
      if (BLOCKING.has(state)) {
        fm.blocked = fm.blocked.concat({
          familyId,
          childId: row.childId,
          serviceId: row.serviceId,
          date: cell.date,
          state,
        })
        continue
      }
      if (billedShare(state) === null) continue
      const tariff = book.on(row.serviceId, cell.date)
      if (!tariff || tariff.brackets.length === 0) {
        fm.blocked = fm.blocked.concat({
          familyId,
          childId: row.childId,
          serviceId: row.serviceId,
          date: cell.date,
          state: 'sans_tarif',
        })
        continue
      }
      const monthly = tariff.unit === 'forfait_mensuel'
      if (monthly && (monthlyDone || state === 'absent_facture')) continue
      const qf = qfOn(history, cell.date)
      if (qf === null) fm.unknownQf = true
      const { index, bracket } = bracketFor(tariff.brackets, qf)
      const unitCents = unitPrice(bracket.priceCents, state, tariff)
      const timed = tariff.unit === 'demi_heure' || tariff.unit === 'heure'
      const quantity = timed
        ? quantityOf(tariff, marks.get(`${row.childId}:${row.serviceId}:${cell.date}`))
        : 1
      const lineState = monthly ? 'forfait_mensuel' : state
      if (monthly) monthlyDone = true
      const same = grouped.find(
        (g) =>
          g.line.state === lineState && g.qf === qf && g.index === index && g.line.unitCents === unitCents,
      )
      if (same) {
        same.line.quantity += quantity
        continue
      }
      grouped.push({
        qf,
        index,
        line: {
          childId: row.childId,
          serviceId: row.serviceId,
          period: month,
          kind: 'acte',
          state: lineState,
          quantity,
          unitCents,
          amountCents: 0,
          qf,
          bracket: texts.get(`b${tariff.id}|${index}`, () => bracketLabel(tariff.brackets, index)),
          label: texts.get(
            `l${row.serviceId}|${lineState}`,
            () =>
              `${serviceName.get(row.serviceId) ?? ''} — ${monthly ? 'Forfait mensuel' : agendaState(state as never).label}`,
          ),
        },
      })
    }
    // The row's cells are let go as soon as billed, the lines kept in an array of their exact length.
    row.cells = NONE
    if (grouped.length === 0) continue
    fm.lines = fm.lines.concat(
      grouped.map(({ line }) => {
        line.amountCents = line.quantity * line.unitCents
        return line
      }),
    )
  }
}

/** Billed states: null for a state billed nothing. */
function billedShare(state: string): 'tarif' | 'absent' | 'hors_contrat' | null {
  if (BILLED.has(state)) return 'tarif'
  if (state === 'absent_facture') return 'absent'
  if (state === 'heure_hors_contrat') return 'hors_contrat'
  return null
}

/** The unit price of a state, rounded half up to the cent: the share of an Absent facturé, the surcharge of an Heure hors contrat. */
export function unitPrice(
  priceCents: number,
  state: string,
  tariff: Pick<LoadedTariff, 'absentSharePct' | 'surchargePct'>,
) {
  if (state === 'absent_facture') return percentOf(priceCents, tariff.absentSharePct)
  if (state === 'heure_hors_contrat') return percentOf(priceCents, 100 + tariff.surchargePct)
  return priceCents
}

/** Quantity of one day: the started half hours or hours between arrival and departure (1 without both times). */
function quantityOf(tariff: LoadedTariff, mark: Mark | undefined): number {
  if (tariff.unit !== 'demi_heure' && tariff.unit !== 'heure') return 1
  if (!mark?.arrivedAt || !mark.leftAt) return 1
  return startedUnits(mark.arrivedAt, mark.leftAt, tariff.unit === 'heure' ? 60 : 30)
}

/**
 * From the third child of a family (eldest first) on, the tariff's discount on
 * that child's lines of the service. Birth dates are read only for the
 * families with three children billed or more, at the end: a city's run held
 * every billed child's birth date until then.
 */
async function addThirdChildDiscounts(
  db: Kysely<DB>,
  out: Map<number, FamilyMonth>,
  book: TariffBook,
  month: string,
  lastDay: string,
  serviceName: Map<number, string>,
) {
  const large: { fm: FamilyMonth; children: number[] }[] = []
  for (const fm of out.values()) {
    const children = [...new Set(fm.lines.map((l) => l.childId as number))]
    if (children.length > 2) large.push({ fm, children })
  }
  if (large.length === 0) return
  const birth = new Map(
    (
      await chunked(
        large.flatMap((l) => l.children),
        (ids) => db.selectFrom('children').select(['id', 'birth_date']).where('id', 'in', ids).execute(),
      )
    ).map((c) => [c.id, c.birth_date ?? '9999-12-31']),
  )
  for (const { fm, children } of large) {
    const billedChildren = children.sort(
      (a, b) => (birth.get(a) ?? '').localeCompare(birth.get(b) ?? '') || a - b,
    )
    for (const childId of billedChildren.slice(2)) {
      const byService = new Map<number, number>()
      for (const l of fm.lines)
        if (l.childId === childId && l.serviceId !== null)
          byService.set(l.serviceId, (byService.get(l.serviceId) ?? 0) + l.amountCents)
      for (const [serviceId, sum] of byService) {
        const pct = book.on(serviceId, lastDay)?.thirdChildDiscountPct ?? 0
        if (pct === 0 || sum <= 0) continue
        const cents = -percentOf(sum, pct)
        fm.lines = fm.lines.concat({
          childId,
          serviceId,
          period: month,
          kind: 'reduction',
          state: 'reduction',
          quantity: 1,
          unitCents: cents,
          amountCents: cents,
          qf: null,
          bracket: null,
          label: `${serviceName.get(serviceId) ?? ''} — Réduction à partir du 3e enfant (${pct} %)`,
        })
      }
    }
  }
}

/** Children whose agenda is computed together: about a structure's. */
const AGENDA_BATCH = 2500

async function* agendaRows(
  db: Kysely<DB>,
  from: string,
  to: string,
  scope: BillingScope,
): AsyncGenerator<ComputedRow[]> {
  if (scope.familyIds) {
    if (scope.familyIds.length === 0) return
    const ids = await chunked(scope.familyIds, (f) =>
      db.selectFrom('children').select('id').where('family_id', 'in', f).execute(),
    )
    // A batch of children at a time, like a structure: the corrections of a month may speak of most of
    // a city's families, whose agenda computed at once took gigabytes (bench billing).
    for (let i = 0; i < ids.length; i += AGENDA_BATCH)
      yield (await computeAgenda(db, { childIds: ids.slice(i, i + AGENDA_BATCH).map((c) => c.id) }, from, to))
        .rows
    return
  }
  const structures = await db.selectFrom('structures').select('id').orderBy('id').execute()
  for (const s of structures) yield (await computeAgenda(db, { structureId: s.id }, from, to)).rows
}

export async function loadQuotients(db: Kysely<DB>, familyIds: number[], from: string, to: string) {
  const rows = await chunked(familyIds, (ids) =>
    db
      .selectFrom('family_quotients')
      .select(['family_id', 'qf', 'valid_from', 'valid_to'])
      .where('family_id', 'in', ids)
      .where('valid_from', '<=', to)
      .where((eb) => eb.or([eb('valid_to', 'is', null), eb('valid_to', '>=', from)]))
      .orderBy('valid_from')
      .execute(),
  )
  const map = new Map<number, Quotient[]>()
  for (const r of rows) {
    const list = map.get(r.family_id) ?? []
    list.push({ qf: r.qf, from: r.valid_from, to: r.valid_to })
    map.set(r.family_id, list)
  }
  for (const list of map.values()) list.sort((a, b) => a.from.localeCompare(b.from))
  return map
}

/** Arrival and departure times, only for services billed by the half hour or hour. */
async function loadMarks(db: Kysely<DB>, tariffs: LoadedTariff[], from: string, to: string) {
  const timed = [
    ...new Set(tariffs.filter((t) => t.unit === 'demi_heure' || t.unit === 'heure').map((t) => t.serviceId)),
  ]
  const map = new Map<string, Mark>()
  if (timed.length === 0) return map
  const rows = await db
    .selectFrom('attendance_marks')
    .select(['child_id', 'service_id', 'day', 'arrived_at', 'left_at'])
    .where('service_id', 'in', timed)
    .where('day', '>=', from)
    .where('day', '<=', to)
    .execute()
  for (const r of rows)
    map.set(`${r.child_id}:${r.service_id}:${r.day}`, { arrivedAt: r.arrived_at, leftAt: r.left_at })
  return map
}

/** Runs a query per slice of at most 500 ids (SQLite's bound-parameter limit). */
export async function chunked<T, R>(ids: T[], query: (slice: T[]) => Promise<R[]>): Promise<R[]> {
  const out: R[] = []
  for (let i = 0; i < ids.length; i += 500) out.push(...(await query(ids.slice(i, i + 500))))
  return out
}
