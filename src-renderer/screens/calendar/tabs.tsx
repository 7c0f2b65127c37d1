import type { ReactNode } from 'react'
import { ServiceMonthPanel } from '../agenda/ServiceMonthScreen'
import { HolidaysPanel } from './HolidaysPanel'
import { PeriodsPanel } from './PeriodsPanel'
import { StructuresPanel } from './StructuresPanel'

export interface CalendarTab {
  /** In the address: /calendrier?onglet=structures. */
  value: string
  label: string
  render(): ReactNode
}

/** The tabs of the Calendrier screen, in order; other screens of the calendar append theirs here. */
export const CALENDAR_TABS: CalendarTab[] = [
  { value: 'structures', label: 'Structures et services', render: () => <StructuresPanel /> },
  { value: 'vacances', label: 'Vacances scolaires', render: () => <HolidaysPanel /> },
  { value: 'fermetures', label: 'Fermetures et ouvertures', render: () => <PeriodsPanel /> },
  { value: 'agenda', label: 'Agenda d’un service', render: () => <ServiceMonthPanel /> },
]
