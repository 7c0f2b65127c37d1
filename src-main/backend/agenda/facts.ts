import type { DB } from '@db/schema'
import type { StoredAgendaState } from '@shared/domain/agenda'
import { addDays, weekdayOf } from '@shared/domain/days'
import { describeDeadlineFor, isOnTime, parisClock, parseDeadline } from '@shared/domain/deadlines'
import type { Kysely } from 'kysely'
import { publicHolidayOn } from '../calendar/public-holidays'
import { loadServiceCalendars, type ServiceCalendar } from '../calendar/service-days'
import { notFound } from '../errors'
import { cellState, type StoredDay } from './cell'
import { coveringEnrolment } from './compute'
import { countExpected } from './count'
import type { DateFacts, ServiceRules } from './decide'

// Everything an action needs to know about its dates, read in a few queries:
// the service's rules, the child's enrolments and stored days, the calendar
// (reaching back far enough for deadlines counted in opening days) and, where
// the service has a capacity, the children expected on those days.

export interface ServiceFacts {
  id: number
  name: string
  code: string
  structureName: string
  rules: ServiceRules
}

export interface AgendaFacts {
  service: ServiceFacts
  childFamilyId: number
  dates: DateFacts[]
}

export async function loadFacts(
  db: Kysely<DB>,
  input: { childId: number; serviceId: number; dates: string[]; at: Date },
): Promise<AgendaFacts> {
  const dates = [...new Set(input.dates)].sort()
  const [service, child] = await Promise.all([
    db
      .selectFrom('services')
      .innerJoin('structures', 'structures.id', 'services.structure_id')
      .select([
        'services.id',
        'services.name',
        'services.code',
        'services.attendance',
        'services.booking_deadline',
        'services.cancel_deadline',
        'services.late_policy',
        'services.bills_late_absence',
        'services.justification_days',
        'structures.name as structureName',
        'structures.alsace_moselle',
      ])
      .where('services.id', '=', input.serviceId)
      .executeTakeFirst(),
    db.selectFrom('children').select(['id', 'family_id']).where('id', '=', input.childId).executeTakeFirst(),
  ])
  if (!service) throw notFound('Service')
  if (!child) throw notFound('Enfant')
  const booking = parseDeadline(service.booking_deadline)
  const cancel = parseDeadline(service.cancel_deadline)
  const first = dates[0]
  const last = dates[dates.length - 1]
  // Opening days counted back: three calendar days per opening day covers holidays and closures.
  const reach = Math.max(
    ...[booking, cancel].map((r) =>
      r?.kind === 'days_before' && r.count === 'opening' ? r.days * 3 + 21 : 0,
    ),
  )
  const [calendars, enrolments, stored] = await Promise.all([
    loadServiceCalendars(db, [service.id], addDays(first, -reach), last),
    db
      .selectFrom('enrolments')
      .select([
        'starts_on as startsOn',
        'ends_on as endsOn',
        'weekdays',
        'alternate_from as alternateFrom',
        'state',
      ])
      .where('child_id', '=', input.childId)
      .where('service_id', '=', service.id)
      .where('state', '<>', 'refusee')
      .orderBy('starts_on')
      .execute(),
    db
      .selectFrom('agenda_exceptions')
      .select(['day', 'state', 'note', 'booked', 'late'])
      .where('child_id', '=', input.childId)
      .where('service_id', '=', service.id)
      .where('day', 'in', dates)
      .execute(),
  ])
  const calendar = calendars.get(service.id) as ServiceCalendar
  const limited = dates.some((d) => calendar.at(d)?.capacity != null)
  const counts = limited ? await countExpected(db, calendar, first, last, input.childId) : null
  const storedBy = new Map<string, StoredDay>(
    stored.map((s) => [
      s.day,
      { state: s.state as StoredAgendaState, note: s.note, booked: s.booked === 1, late: s.late === 1 },
    ]),
  )
  const alsace = service.alsace_moselle === 1
  const days = {
    isWorkingDay: (d: string) => weekdayOf(d) <= 5 && publicHolidayOn(d, alsace) === null,
    isOpeningDay: (d: string) => calendar.at(d)?.open ?? false,
  }
  const today = parisClock(input.at).day
  const facts = dates.map((date): DateFacts => {
    const day = calendar.at(date)
    if (!day) throw new Error(`calendar misses ${date}`)
    const enrolment = coveringEnrolment(enrolments, date)
    const s = storedBy.get(date) ?? null
    const under = cellState({ day, enrolment, stored: s, pending: null })
    const others = counts?.get(date) ?? 0
    return {
      date,
      day,
      enrolment,
      stored: s,
      under,
      placesLeft: day.capacity === null ? null : Math.max(0, day.capacity - others),
      onTimeBooking: isOnTime(booking, date, input.at, days),
      onTimeCancel: isOnTime(cancel, date, input.at, days),
      bookingDeadline: booking ? describeDeadlineFor(booking, date, days) : null,
      cancelDeadline: cancel ? describeDeadlineFor(cancel, date, days) : null,
      today,
    }
  })
  return {
    service: {
      id: service.id,
      name: service.name,
      code: service.code,
      structureName: service.structureName,
      rules: {
        attendance: service.attendance,
        latePolicy: service.late_policy,
        billsLateAbsence: service.bills_late_absence === 1,
        justificationDays: service.justification_days,
      },
    },
    childFamilyId: child.family_id,
    dates: facts,
  }
}
