import type { DB } from '@db/schema'
import type { AgendaChildView, AgendaServiceInfo, AgendaServiceView } from '@shared/contract/agenda'
import { agendaState } from '@shared/domain/agenda'
import { monthBounds, schoolYearOf } from '@shared/domain/days'
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

/** Says plainly when the school holidays of a zone are not known for the month's school year, and how to import them. */
export async function holidayNotices(db: Kysely<DB>, zones: string[], month: string): Promise<string[]> {
  const year = schoolYearOf(`${month}-01`)
  const notices: string[] = []
  for (const zone of [...new Set(zones)].sort()) {
    const known = await db
      .selectFrom('school_holidays')
      .select('id')
      .where('zone', '=', zone as 'A')
      .where('school_year', '=', year)
      .limit(1)
      .executeTakeFirst()
    if (!known)
      notices.push(
        `Les vacances scolaires de la zone ${zone} pour l’année ${year} ne sont pas connues : les jours de vacances ne sont pas marqués. Importez le calendrier scolaire officiel (Calendrier → Vacances scolaires → Importer, ou « marelle calendar import FICHIER »).`,
      )
  }
  return notices
}

export async function childMonth(db: Kysely<DB>, childId: number, month: string): Promise<AgendaChildView> {
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
    ),
  }
}

export async function serviceMonth(
  db: Kysely<DB>,
  serviceId: number,
  month: string,
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
    notices: await holidayNotices(db, [zone], month),
  }
}
