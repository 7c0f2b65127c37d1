import type { DB } from '@db/schema'
import type { AgendaCell } from '@shared/contract/agenda'
import { agendaState, type StoredAgendaState } from '@shared/domain/agenda'
import { eachDay } from '@shared/domain/days'
import type { Kysely } from 'kysely'
import { loadServiceCalendars, type ServiceCalendar } from '../calendar/service-days'
import { cellState, type EnrolmentSpan, type PendingAction, type StoredDay } from './cell'

// The agenda computed for a range (docs/agenda.md): a few indexed reads (the
// enrolments, the stored days, the pending request dates, the calendar of the
// services) and a loop in memory. Nothing is stored for an ordinary day.

/** One collator for every sort: localeCompare builds one per call, the most of a month's time for 2,000 children. */
const FRENCH = new Intl.Collator('fr')

/** Whose agenda: some children (every service they are enrolled in), one service, or every service of a structure. */
export type AgendaQuery = { childIds: number[] } | { serviceId: number } | { structureId: number }

export interface AgendaChildRef {
  childId: number
  identifier: string
  lastName: string
  firstName: string
}

/** One child in one service over the range. */
export interface ComputedRow extends AgendaChildRef {
  serviceId: number
  enrolments: EnrolmentSpan[]
  cells: AgendaCell[]
}

export interface ComputedAgenda {
  from: string
  to: string
  days: string[]
  /** Sorted by child, then service in the order of the day (morning, meal, evening…). */
  rows: ComputedRow[]
  calendars: Map<number, ServiceCalendar>
  /** Children expected per service and day index (the rows computed, so the whole service for a service query). */
  expected: Map<number, number[]>
}

interface EnrolmentRow extends EnrolmentSpan {
  childId: number
  serviceId: number
  identifier: string
  lastName: string
  firstName: string
}

async function loadEnrolments(db: Kysely<DB>, scope: Scope, from: string, to: string) {
  let q = db
    .selectFrom('enrolments')
    .innerJoin('children', 'children.id', 'enrolments.child_id')
    .select([
      'enrolments.child_id as childId',
      'enrolments.service_id as serviceId',
      'enrolments.starts_on as startsOn',
      'enrolments.ends_on as endsOn',
      'enrolments.weekdays',
      'enrolments.alternate_from as alternateFrom',
      'enrolments.state',
      'children.identifier',
      'children.last_name as lastName',
      'children.first_name as firstName',
      'children.left_on as leftOn',
    ])
    .where('enrolments.state', '<>', 'refusee')
    .where((eb) =>
      eb.or([
        eb('children.left_on', 'is', null),
        eb('children.left_on', '>=', eb.ref('enrolments.starts_on')),
      ]),
    )
    .where('enrolments.starts_on', '<=', to)
    .where((eb) => eb.or([eb('enrolments.ends_on', 'is', null), eb('enrolments.ends_on', '>=', from)]))
  q = q.where(scope.column === 'child_id' ? 'enrolments.child_id' : 'enrolments.service_id', 'in', scope.ids)
  // No day is expected after a child's departure, whoever recorded it (docs/depart-et-archivage.md).
  return (await q.execute()).map(({ leftOn, ...e }) =>
    leftOn !== null && (e.endsOn === null || e.endsOn > leftOn) ? { ...e, endsOn: leftOn } : e,
  ) as EnrolmentRow[]
}

/** The query as one column and its values: children, or the services of a service or structure query. */
interface Scope {
  column: 'child_id' | 'service_id'
  ids: number[]
}

async function scopeOf(db: Kysely<DB>, query: AgendaQuery): Promise<Scope> {
  if ('childIds' in query) return { column: 'child_id', ids: query.childIds }
  if ('serviceId' in query) return { column: 'service_id', ids: [query.serviceId] }
  const services = await db
    .selectFrom('services')
    .select('id')
    .where('structure_id', '=', query.structureId)
    .execute()
  return { column: 'service_id', ids: services.map((s) => s.id) }
}

/** Stored states that make an Erreur outside an enrolment; the others are left out there. */
const VISIBLE_ALONE = new Set(['reservation_refusee', 'demande_en_attente'])

/** The agenda of the query from `from` to `to` (both included). */
export async function computeAgenda(
  db: Kysely<DB>,
  query: AgendaQuery,
  from: string,
  to: string,
): Promise<ComputedAgenda> {
  const days = eachDay(from, to)
  const none: ComputedAgenda = { from, to, days, rows: [], calendars: new Map(), expected: new Map() }
  const scope = await scopeOf(db, query)
  if (scope.ids.length === 0) return none
  const [enrolments, stored, pending] = await Promise.all([
    loadEnrolments(db, scope, from, to),
    db
      .selectFrom('agenda_exceptions')
      .select(['child_id', 'service_id', 'day', 'state', 'note', 'booked', 'late'])
      .where(scope.column, 'in', scope.ids)
      .where('day', '>=', from)
      .where('day', '<=', to)
      .execute(),
    db
      .selectFrom('agenda_request_days')
      .select(['child_id', 'service_id', 'day', 'action'])
      .where(scope.column, 'in', scope.ids)
      .where('day', '>=', from)
      .where('day', '<=', to)
      .execute(),
  ])
  // A stored day outside every enrolment still gets its row: it shows as Erreur, never disappears.
  const enrolled = new Set(enrolments.map((e) => `${e.childId}:${e.serviceId}`))
  const orphans = stored.filter(
    (s) => !VISIBLE_ALONE.has(s.state) && !enrolled.has(`${s.child_id}:${s.service_id}`),
  )
  const serviceIds = [
    ...new Set([...enrolments.map((e) => e.serviceId), ...orphans.map((o) => o.service_id)]),
  ]
  if (serviceIds.length === 0) return none
  const [calendars, kinds, orphanChildren] = await Promise.all([
    loadServiceCalendars(db, serviceIds, from, to),
    db.selectFrom('services').select(['id', 'kind', 'name']).where('id', 'in', serviceIds).execute(),
    orphans.length === 0
      ? []
      : db
          .selectFrom('children')
          .select(['id', 'identifier', 'last_name', 'first_name'])
          .where('id', 'in', [...new Set(orphans.map((o) => o.child_id))])
          .execute(),
  ])
  const key = (childId: number, serviceId: number) => `${childId}:${serviceId}`
  const storedBy = new Map<string, Map<string, StoredDay>>()
  for (const s of stored) {
    const k = key(s.child_id, s.service_id)
    let m = storedBy.get(k)
    if (!m) {
      m = new Map()
      storedBy.set(k, m)
    }
    m.set(s.day, {
      state: s.state as StoredAgendaState,
      note: s.note,
      booked: s.booked === 1,
      late: s.late === 1,
    })
  }
  const pendingBy = new Map<string, Map<string, PendingAction>>()
  for (const p of pending) {
    const k = key(p.child_id, p.service_id)
    let m = pendingBy.get(k)
    if (!m) {
      m = new Map()
      pendingBy.set(k, m)
    }
    m.set(p.day, p.action)
  }
  const grouped = new Map<string, ComputedRow>()
  for (const e of enrolments) {
    const k = key(e.childId, e.serviceId)
    let row = grouped.get(k)
    if (!row) {
      row = {
        childId: e.childId,
        identifier: e.identifier,
        lastName: e.lastName,
        firstName: e.firstName,
        serviceId: e.serviceId,
        enrolments: [],
        cells: [],
      }
      grouped.set(k, row)
    }
    row.enrolments.push(e)
  }
  const names = new Map(orphanChildren.map((c) => [c.id, c]))
  for (const o of orphans) {
    const k = key(o.child_id, o.service_id)
    const child = names.get(o.child_id)
    if (grouped.has(k) || !child) continue
    grouped.set(k, {
      childId: child.id,
      identifier: child.identifier,
      lastName: child.last_name,
      firstName: child.first_name,
      serviceId: o.service_id,
      enrolments: [],
      cells: [],
    })
  }
  const order = serviceOrder(kinds)
  const rows = [...grouped.values()].sort(
    (a, b) =>
      FRENCH.compare(a.lastName, b.lastName) ||
      FRENCH.compare(a.firstName, b.firstName) ||
      a.childId - b.childId ||
      (order.get(a.serviceId) ?? 0) - (order.get(b.serviceId) ?? 0),
  )
  const expected = new Map<number, number[]>(serviceIds.map((id) => [id, days.map(() => 0)]))
  for (const row of rows) {
    const calendar = calendars.get(row.serviceId) as ServiceCalendar
    const k = key(row.childId, row.serviceId)
    const storedDays = storedBy.get(k)
    const pendingDays = pendingBy.get(k)
    const counts = expected.get(row.serviceId) as number[]
    row.enrolments.sort((a, b) => a.startsOn.localeCompare(b.startsOn))
    row.cells = calendar.days.map((day, i) => {
      const stored = storedDays?.get(day.date) ?? null
      const pendingAction = pendingDays?.get(day.date) ?? null
      const input = { day, enrolment: coveringEnrolment(row.enrolments, day.date), stored, pending: null }
      // A pending request shows over the state under it, which still decides the places.
      const under = cellState(input)
      const cell = pendingAction ? cellState({ ...input, pending: pendingAction }) : under
      if (under.expected) counts[i]++
      const info = cell.state ? agendaState(cell.state) : null
      return {
        date: day.date,
        state: cell.state,
        label: info?.label ?? null,
        letter: info?.letter ?? null,
        detail: cell.detail,
        open: day.open,
        expected: under.expected,
        pending: pendingAction,
        late: stored?.late ?? false,
      }
    })
  }
  return { from, to, days, rows, calendars, expected }
}

/** The enrolment covering a day (the latest start wins if two overlap). */
export function coveringEnrolment<E extends EnrolmentSpan>(enrolments: E[], day: string): E | null {
  let found: E | null = null
  for (const e of enrolments) {
    if (e.startsOn > day) break
    if (e.endsOn === null || e.endsOn >= day) found = e
  }
  return found
}

/** The day's order of the services: morning, meal, afternoon and evening, then by name. */
const KIND_ORDER = [
  'accueil_matin',
  'restauration',
  'periscolaire',
  'mercredi',
  'accueil_soir',
  'accueil_loisirs',
  'autre',
]

export function serviceOrder(services: { id: number; kind: string; name: string }[]): Map<number, number> {
  const sorted = [...services].sort(
    (a, b) =>
      KIND_ORDER.indexOf(a.kind) - KIND_ORDER.indexOf(b.kind) ||
      FRENCH.compare(a.name, b.name) ||
      a.id - b.id,
  )
  return new Map(sorted.map((s, i) => [s.id, i]))
}
