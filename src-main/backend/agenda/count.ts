import type { DB } from '@db/schema'
import type { StoredAgendaState } from '@shared/domain/agenda'
import type { Kysely } from 'kysely'
import type { ServiceCalendar } from '../calendar/service-days'
import { cellState, type EnrolmentSpan } from './cell'
import { coveringEnrolment } from './compute'

/**
 * Children other than `exceptChildId` expected on each day of a service from
 * `from` to `to` (the capacity check of an action): the same rule as the
 * agenda's cells, on two lean reads, without names or cells.
 */
export async function countExpected(
  db: Kysely<DB>,
  calendar: ServiceCalendar,
  from: string,
  to: string,
  exceptChildId: number,
): Promise<Map<string, number>> {
  const serviceId = calendar.serviceId
  const [enrolments, stored] = await Promise.all([
    db
      .selectFrom('enrolments')
      .select([
        'child_id as childId',
        'starts_on as startsOn',
        'ends_on as endsOn',
        'weekdays',
        'alternate_from as alternateFrom',
        'state',
      ])
      .where('service_id', '=', serviceId)
      .where('state', 'in', ['validee', 'terminee'])
      .where('starts_on', '<=', to)
      .where((eb) => eb.or([eb('ends_on', 'is', null), eb('ends_on', '>=', from)]))
      .where('child_id', '<>', exceptChildId)
      .orderBy('starts_on')
      .execute(),
    db
      .selectFrom('agenda_exceptions')
      .select(['child_id', 'day', 'state'])
      .where('service_id', '=', serviceId)
      .where('day', '>=', from)
      .where('day', '<=', to)
      .where('child_id', '<>', exceptChildId)
      .execute(),
  ])
  const byChild = new Map<number, EnrolmentSpan[]>()
  for (const e of enrolments) byChild.set(e.childId, [...(byChild.get(e.childId) ?? []), e])
  const storedOf = new Map<string, StoredAgendaState>()
  for (const s of stored) {
    storedOf.set(`${s.child_id}:${s.day}`, s.state as StoredAgendaState)
    if (!byChild.has(s.child_id)) byChild.set(s.child_id, [])
  }
  const days = calendar.days.filter((d) => d.date >= from && d.date <= to)
  const counts = new Map<string, number>(days.map((d) => [d.date, 0]))
  for (const [childId, spans] of byChild)
    for (const day of days) {
      const state = storedOf.get(`${childId}:${day.date}`)
      const stored = state ? { state, note: null, booked: false, late: false } : null
      if (cellState({ day, enrolment: coveringEnrolment(spans, day.date), stored, pending: null }).expected)
        counts.set(day.date, (counts.get(day.date) ?? 0) + 1)
    }
  return counts
}
