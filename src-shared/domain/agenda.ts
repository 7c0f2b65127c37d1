import type { Option } from './options'

/** The 17 states of a day in a child's agenda, in the order of the portal's legend. */
export const AGENDA_STATES = [
  { value: 'reserve', label: 'Réservé' },
  { value: 'erreur', label: 'Erreur' },
  { value: 'conge', label: 'Congé' },
  { value: 'absence_a_verifier', label: 'Absence à vérifier' },
  { value: 'heure_hors_contrat', label: 'Heure hors contrat' },
  { value: 'regulier', label: 'Régulier' },
  { value: 'reservation_hors_contrat', label: 'Réservations hors contrat' },
  { value: 'fermeture', label: 'Fermeture' },
  { value: 'absent_facture', label: 'Absent facturé' },
  { value: 'demande_en_attente', label: 'Demande en attente' },
  { value: 'absent_execute', label: 'Absent exécuté' },
  { value: 'reservation_en_cours', label: 'Réservation en cours de traitement' },
  { value: 'reservation_refusee', label: 'Réservation refusée' },
  { value: 'absence_en_cours', label: 'Absence en cours de traitement' },
  { value: 'petites_vacances', label: 'Petites vacances' },
  { value: 'grandes_vacances', label: 'Grandes vacances' },
  { value: 'jour_ferie', label: 'Jour férié' },
] as const satisfies readonly Option[]

export type AgendaState = (typeof AGENDA_STATES)[number]['value']
