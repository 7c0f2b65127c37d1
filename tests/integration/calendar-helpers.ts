import type { Session } from '../../src-main/backend/context'
import type { ServiceRow, StructureRow } from '../../src-shared/contract/calendar'
import type { TestBackend } from '../helpers/backend'

/** Monday to Friday, as a weekday mask. */
export const WEEKDAYS = 1 | 2 | 4 | 8 | 16

export function structureOf(
  backend: TestBackend,
  session: Session,
  name: string,
  zone = 'A',
  alsaceMoselle = false,
) {
  return backend.call<StructureRow>('calendar/saveStructure', { name, zone, alsaceMoselle }, session)
}

export function serviceInput(structureId: number, code: string, over: Record<string, unknown> = {}) {
  return {
    structureId,
    name: `Service ${code}`,
    code,
    kind: 'periscolaire',
    termWeekdays: WEEKDAYS,
    holidayWeekdays: 0,
    capacity: 30,
    capacities: [],
    attendance: 'regulier',
    bookingDeadline: null,
    cancelDeadline: null,
    latePolicy: 'staff',
    billsLateAbsence: true,
    justificationDays: 3,
    unplannedState: 'heure_hors_contrat',
    ...over,
  }
}

export function serviceOf(
  backend: TestBackend,
  session: Session,
  structureId: number,
  code: string,
  over: Record<string, unknown> = {},
) {
  return backend.call<ServiceRow>('calendar/saveService', serviceInput(structureId, code, over), session)
}

/** The calendar state of each day, 'dd:state' (empty state: ordinary term day). */
export function statesOf(days: { date: string; calendarState: string | null }[]): string[] {
  return days.map((d) => `${d.date.slice(8)}:${d.calendarState ?? ''}`)
}
