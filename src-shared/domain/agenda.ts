import type { Option } from './options'

/**
 * One of the 17 states of a day in a child's agenda (docs/agenda.md). The
 * label is the seed's legend word for word; the letter is printed in the cell
 * so that the agenda reads in black and white too (G and F as the seed);
 * `colour` is the cell's background and `ink` its text colour (contrast of
 * 4.5:1 at least); `position` is the place in the legend, from 1.
 */
export interface AgendaStateInfo extends Option<string> {
  letter: string
  colour: string
  ink: string
  position: number
}

/** The 17 states of a day in a child's agenda, in the order of the portal's legend. */
export const AGENDA_STATES = [
  { value: 'reserve', label: 'Réservé', letter: 'R', colour: '#237032', ink: '#ffffff', position: 1 },
  { value: 'erreur', label: 'Erreur', letter: 'E', colour: '#c92a2a', ink: '#ffffff', position: 2 },
  { value: 'conge', label: 'Congé', letter: 'C', colour: '#a5d8ff', ink: '#1c2b3a', position: 3 },
  {
    value: 'absence_a_verifier',
    label: 'Absence à vérifier',
    letter: 'V',
    colour: '#ffd43b',
    ink: '#2b2100',
    position: 4,
  },
  {
    value: 'heure_hors_contrat',
    label: 'Heure hors contrat',
    letter: 'H',
    colour: '#e599f7',
    ink: '#2b0a33',
    position: 5,
  },
  { value: 'regulier', label: 'Régulier', letter: 'X', colour: '#b2f2bb', ink: '#0b3d16', position: 6 },
  {
    value: 'reservation_hors_contrat',
    label: 'Réservations Hors Contrat',
    letter: 'S',
    colour: '#087f5b',
    ink: '#ffffff',
    position: 7,
  },
  { value: 'fermeture', label: 'Fermeture', letter: 'Z', colour: '#495057', ink: '#ffffff', position: 8 },
  {
    value: 'absent_facture',
    label: 'Absent facturé',
    letter: 'A',
    colour: '#c2410c',
    ink: '#ffffff',
    position: 9,
  },
  {
    value: 'demande_en_attente',
    label: 'Demande en attente',
    letter: 'L',
    colour: '#ffec99',
    ink: '#2b2100',
    position: 10,
  },
  {
    value: 'absent_execute',
    label: 'Absent exécuté',
    letter: 'J',
    colour: '#1971c2',
    ink: '#ffffff',
    position: 11,
  },
  {
    value: 'reservation_en_cours',
    label: 'Réservation en cours de traitement',
    letter: 'R?',
    colour: '#d3f9d8',
    ink: '#0b3d16',
    position: 12,
  },
  {
    value: 'reservation_refusee',
    label: 'Réservation refusée',
    letter: 'N',
    colour: '#ffc9c9',
    ink: '#4a0d0d',
    position: 13,
  },
  {
    value: 'absence_en_cours',
    label: 'Absence en cours de traitement',
    letter: 'A?',
    colour: '#d0ebff',
    ink: '#0c2a47',
    position: 14,
  },
  {
    value: 'petites_vacances',
    label: 'Petites vacances',
    letter: 'P',
    colour: '#fff3bf',
    ink: '#3d3000',
    position: 15,
  },
  {
    value: 'grandes_vacances',
    label: 'Grandes vacances',
    letter: 'G',
    colour: '#ffe066',
    ink: '#2b2100',
    position: 16,
  },
  { value: 'jour_ferie', label: 'Jour férié', letter: 'F', colour: '#ced4da', ink: '#212529', position: 17 },
] as const satisfies readonly AgendaStateInfo[]

export type AgendaState = (typeof AGENDA_STATES)[number]['value']

const BY_CODE = new Map<string, AgendaStateInfo>(AGENDA_STATES.map((s) => [s.value, s]))

/** The legend entry of a state. */
export function agendaState(state: AgendaState): AgendaStateInfo {
  return BY_CODE.get(state) as AgendaStateInfo
}

export function isAgendaState(value: string): value is AgendaState {
  return BY_CODE.has(value)
}

/** States that may be stored in agenda_exceptions (the others are computed). */
export const STORED_STATES = [
  'reserve',
  'reservation_hors_contrat',
  'conge',
  'absent_facture',
  'absent_execute',
  'absence_a_verifier',
  'heure_hors_contrat',
  'demande_en_attente',
  'reservation_refusee',
] as const satisfies readonly AgendaState[]

export type StoredAgendaState = (typeof STORED_STATES)[number]

/** States in which the child is expected (they take a place). */
export const EXPECTED_STATES: readonly AgendaState[] = [
  'regulier',
  'reserve',
  'reservation_hors_contrat',
  'heure_hors_contrat',
]

/** The absences (a child expected who will not come). */
export const ABSENCE_STATES: readonly AgendaState[] = [
  'conge',
  'absent_facture',
  'absent_execute',
  'absence_a_verifier',
]

/** What staff (or a request) do on a day: reserve, declare an absence, cancel it or a reservation, justify a late absence. */
export const AGENDA_ACTIONS = [
  { value: 'reserve', label: 'Réserver' },
  { value: 'absence', label: 'Déclarer une absence' },
  { value: 'cancel', label: 'Annuler' },
  { value: 'justify', label: 'Justifier l’absence' },
] as const satisfies readonly Option[]

export type AgendaAction = (typeof AGENDA_ACTIONS)[number]['value']

/** The agenda action of a portal request kind. */
export const REQUEST_KIND_ACTION = {
  'reservation.add': 'reserve',
  'reservation.cancel': 'cancel',
  'absence.declare': 'absence',
} as const satisfies Record<string, AgendaAction>

export type AgendaRequestKind = keyof typeof REQUEST_KIND_ACTION
