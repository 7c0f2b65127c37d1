import type { DB, SchoolZone } from '@db/schema'
import type { AgendaChildView, AgendaServiceInfo, AgendaServiceView } from '@shared/contract/agenda'
import { agendaState } from '@shared/domain/agenda'
import { monthBounds, nextSchoolYear, schoolYearOf } from '@shared/domain/days'
import { describeDeadline, parseDeadline } from '@shared/domain/deadlines'
import type { Kysely } from 'kysely'
import { loadServiceCalendars } from '../calendar/service-days'
import { notFound } from '../errors'
import { computeAgenda } from './compute'

// The two months the screens and the CLI show: a child's, one row per
// service; a service's, one row per child with the day's count and capacity.

async function servicesInfo(
  db: Kysely<DB>,
  ids: number[],
): Promise<Map<number, AgendaServiceInfo & { zone: string }>> {
  if (ids.length === 0) return new Map()
  const rows = await db
    .selectFrom('services')
    .innerJoin('structures', 'structures.id', 'services.structure_id')
    .select([
      'services.id',
      'services.name',
      'services.code',
      'services.attendance',
      'services.booking_deadline',
      'services.cancel_deadline',
      'structures.id as structureId',
      'structures.name as structureName',
      'structures.zone',
    ])
    .where('services.id', 'in', ids)
    .execute()
  return new Map(
    rows.map((r) => [
      r.id,
      {
        serviceId: r.id,
        serviceName: r.name,
        serviceCode: r.code,
        structureId: r.structureId,
        structureName: r.structureName,
        attendance: r.attendance,
        bookingDeadline: describeDeadline(parseDeadline(r.booking_deadline)),
        cancelDeadline: describeDeadline(parseDeadline(r.cancel_deadline)),
        zone: r.zone,
      },
    ]),
  )
}

const HOW_TO_IMPORT =
  'Importez le calendrier scolaire officiel (Calendrier → Vacances scolaires → « Importer le calendrier officiel », ou « marelle calendar import FICHIER »).'

/**
 * Says plainly when the school holidays of a zone are not known for the
 * month's school year, or for the current or next school year when `today`
 * is given, and how to import them.
 */
export async function holidayNotices(
  db: Kysely<DB>,
  zones: string[],
  month: string,
  today?: string,
): Promise<string[]> {
  const shown = schoolYearOf(`${month}-01`)
  const years = [shown]
  if (today) {
    const current = schoolYearOf(today)
    for (const y of [current, nextSchoolYear(current)]) if (!years.includes(y)) years.push(y)
  }
  const uniqueZones = [...new Set(zones)].sort() as SchoolZone[]
  if (uniqueZones.length === 0) return []
  const known = await db
    .selectFrom('school_holidays')
    .select(['zone', 'school_year'])
    .distinct()
    .where('zone', 'in', uniqueZones)
    .where('school_year', 'in', years)
    .execute()
  const notices: string[] = []
  for (const zone of uniqueZones)
    for (const year of years) {
      if (known.some((k) => k.zone === zone && k.school_year === year)) continue
      const effect = year === shown ? ' : les jours de vacances de ce mois ne sont pas marqués' : ''
      notices.push(
        `Les vacances scolaires de la zone ${zone} pour l’année ${year} ne sont pas connues${effect}. ${HOW_TO_IMPORT}`,
      )
    }
  return notices
}

export async function childMonth(
  db: Kysely<DB>,
  childId: number,
  month: string,
  today?: string,
): Promise<AgendaChildView> {
  const child = await db
    .selectFrom('children')
    .select(['id', 'identifier', 'last_name', 'first_name'])
    .where('id', '=', childId)
    .executeTakeFirst()
  if (!child) throw notFound('Enfant')
  const { from, to } = monthBounds(month)
  const agenda = await computeAgenda(db, { childIds: [childId] }, from, to)
  const info = await servicesInfo(
    db,
    agenda.rows.map((r) => r.serviceId),
  )
  const rows = agenda.rows.map((r) => {
    const { zone: _zone, ...service } = info.get(r.serviceId) as AgendaServiceInfo & { zone: string }
    return { ...service, cells: r.cells }
  })
  return {
    childId: child.id,
    identifier: child.identifier,
    lastName: child.last_name,
    firstName: child.first_name,
    month,
    rows,
    notices: await holidayNotices(
      db,
      [...info.values()].map((s) => s.zone),
      month,
      today,
    ),
  }
}

export async function serviceMonth(
  db: Kysely<DB>,
  serviceId: number,
  month: string,
  today?: string,
): Promise<AgendaServiceView> {
  const info = await servicesInfo(db, [serviceId])
  const service = info.get(serviceId)
  if (!service) throw notFound('Service')
  const { from, to } = monthBounds(month)
  const agenda = await computeAgenda(db, { serviceId }, from, to)
  const calendar =
    agenda.calendars.get(serviceId) ?? (await loadServiceCalendars(db, [serviceId], from, to)).get(serviceId)
  const counts = agenda.expected.get(serviceId)
  const { zone, ...rest } = service
  return {
    ...rest,
    month,
    days: (calendar?.days ?? []).map((d, i) => ({
      date: d.date,
      open: d.open,
      calendarState: d.calendarState,
      calendarLabel: d.label ?? (d.calendarState ? agendaState(d.calendarState).label : null),
      expected: counts?.[i] ?? 0,
      capacity: d.capacity,
    })),
    rows: agenda.rows.map((r) => ({
      childId: r.childId,
      identifier: r.identifier,
      lastName: r.lastName,
      firstName: r.firstName,
      cells: r.cells,
    })),
    notices: await holidayNotices(db, [zone], month, today),
  }
}
