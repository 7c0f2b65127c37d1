import type { DB } from '@db/schema'
import { eachDay, inMask } from '@shared/domain/days'
import type { Kysely } from 'kysely'
import { type HolidayPeriod, isHolidayDay } from './holiday-rule'
import { publicHolidayOn } from './public-holidays'

// What the calendar says of each day for one service: the calendar state shown
// when nothing else applies, whether the service runs, and its capacity. The
// agenda (src-main/backend/agenda) lays enrolments and stored days over this.
// Precedence of the calendar itself: Jour férié, then Fermeture, then the
// holiday periods (docs/calendrier.md).

export type CalendarState = 'jour_ferie' | 'fermeture' | 'grandes_vacances' | 'petites_vacances'

export interface ServiceDay {
  date: string
  /** Shown when nothing else applies; null on an ordinary term day. */
  calendarState: CalendarState | null
  /** The public holiday's, closure's or holiday period's name. */
  label: string | null
  /** In a school holiday period of the structure's zone. */
  inHolidays: boolean
  /** The service runs this day: an opening weekday (term or holidays), no public holiday, no closure, or an exceptional opening. */
  open: boolean
  /** Places this day; null: no limit. */
  capacity: number | null
}

export interface ServiceCalendar {
  serviceId: number
  structureId: number
  days: ServiceDay[]
  /** Index of a day in `days`, or undefined outside the range. */
  at(day: string): ServiceDay | undefined
}

interface Period {
  service_id: number | null
  kind: 'ouverture' | 'fermeture'
  starts_on: string
  ends_on: string
  label: string | null
}

/** The calendar of each service, from `from` to `to` (both included), in a few indexed reads. */
export async function loadServiceCalendars(
  db: Kysely<DB>,
  serviceIds: number[],
  from: string,
  to: string,
): Promise<Map<number, ServiceCalendar>> {
  const result = new Map<number, ServiceCalendar>()
  if (serviceIds.length === 0) return result
  const services = await db
    .selectFrom('services')
    .innerJoin('structures', 'structures.id', 'services.structure_id')
    .select([
      'services.id',
      'services.structure_id',
      'services.term_weekdays',
      'services.holiday_weekdays',
      'services.capacity',
      'structures.zone',
      'structures.alsace_moselle',
    ])
    .where('services.id', 'in', serviceIds)
    .execute()
  const structureIds = [...new Set(services.map((s) => s.structure_id))]
  const zones = [...new Set(services.map((s) => s.zone))]
  const [holidays, periods, capacities] = await Promise.all([
    db
      .selectFrom('school_holidays')
      .select(['zone', 'name', 'kind', 'starts_on', 'resumes_on'])
      .where('zone', 'in', zones)
      .where('starts_on', '<=', to)
      .where((eb) => eb.or([eb('resumes_on', 'is', null), eb('resumes_on', '>', from)]))
      .execute(),
    db
      .selectFrom('calendar_periods')
      .select(['structure_id', 'service_id', 'kind', 'starts_on', 'ends_on', 'label'])
      .where('structure_id', 'in', structureIds)
      .where('starts_on', '<=', to)
      .where('ends_on', '>=', from)
      .execute(),
    db
      .selectFrom('service_capacities')
      .select(['service_id', 'starts_on', 'ends_on', 'capacity'])
      .where('service_id', 'in', serviceIds)
      .where('starts_on', '<=', to)
      .where('ends_on', '>=', from)
      .execute(),
  ])
  const dates = eachDay(from, to)
  for (const s of services) {
    const zoneHolidays = holidays.filter((h) => h.zone === s.zone)
    const own = periods.filter(
      (p) => p.structure_id === s.structure_id && (p.service_id === null || p.service_id === s.id),
    )
    const ranges = capacities.filter((c) => c.service_id === s.id)
    const days = dates.map((date) =>
      dayOf(date, {
        holidays: zoneHolidays,
        periods: own,
        capacity: ranges.find((c) => c.starts_on <= date && date <= c.ends_on)?.capacity ?? s.capacity,
        termWeekdays: s.term_weekdays,
        holidayWeekdays: s.holiday_weekdays,
        alsaceMoselle: s.alsace_moselle === 1,
      }),
    )
    const first = Date.parse(`${from}T00:00:00Z`)
    result.set(s.id, {
      serviceId: s.id,
      structureId: s.structure_id,
      days,
      at: (day) => days[Math.round((Date.parse(`${day}T00:00:00Z`) - first) / 86_400_000)],
    })
  }
  return result
}

interface DayRules {
  holidays: HolidayPeriod[]
  periods: Period[]
  capacity: number | null
  termWeekdays: number
  holidayWeekdays: number
  alsaceMoselle: boolean
}

/** A period of the service itself wins over one of the whole structure; a closure over an opening. */
function periodOn(periods: Period[], date: string): Period | null {
  let found: Period | null = null
  for (const p of periods) {
    if (p.starts_on > date || p.ends_on < date) continue
    if (!found) found = p
    else if (p.service_id !== null && found.service_id === null) found = p
    else if (p.service_id === found.service_id && p.kind === 'fermeture') found = p
  }
  return found
}

function dayOf(date: string, rules: DayRules): ServiceDay {
  const holiday = rules.holidays.find((h) => isHolidayDay(h, date)) ?? null
  const feast = publicHolidayOn(date, rules.alsaceMoselle)
  const period = periodOn(rules.periods, date)
  const weekdayOpen = inMask(holiday ? rules.holidayWeekdays : rules.termWeekdays, date)
  let open = weekdayOpen && !feast
  if (period) open = period.kind === 'ouverture'
  let calendarState: CalendarState | null = null
  let label: string | null = null
  if (feast) [calendarState, label] = ['jour_ferie', feast]
  else if (period?.kind === 'fermeture') [calendarState, label] = ['fermeture', period.label]
  else if (holiday)
    [calendarState, label] = [
      holiday.kind === 'grandes' ? 'grandes_vacances' : 'petites_vacances',
      holiday.name,
    ]
  return { date, calendarState, label, inHolidays: holiday !== null, open, capacity: rules.capacity }
}
