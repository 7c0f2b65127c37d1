import type { Option } from './options'

/** The kinds of request of docs/demandes-portail.md. */
export const REQUEST_KINDS = [
  { value: 'responsable.update', label: 'Modification du responsable' },
  { value: 'conjoint.update', label: 'Modification du conjoint' },
  { value: 'caf.update', label: 'Informations CAF' },
  { value: 'fiscal.update', label: 'Informations fiscales' },
  { value: 'bank.update', label: 'Coordonnées bancaires' },
  { value: 'authorized_person.add', label: 'Ajout d’une personne autorisée' },
  { value: 'authorized_person.update', label: 'Modification d’une personne autorisée' },
  { value: 'authorized_person.delete', label: 'Suppression d’une personne autorisée' },
  { value: 'vaccination.add', label: 'Ajout d’une vaccination' },
  { value: 'health.add', label: 'Ajout d’une donnée de santé' },
  { value: 'health.update', label: 'Modification d’une donnée de santé' },
  { value: 'health.delete', label: 'Suppression d’une donnée de santé' },
  { value: 'reservation.add', label: 'Demande de réservation' },
  { value: 'reservation.cancel', label: 'Annulation de réservation' },
  { value: 'absence.declare', label: 'Déclaration d’absence' },
  { value: 'departure.declare', label: 'Départ de l’enfant' },
] as const satisfies readonly Option[]

export type RequestKind = (typeof REQUEST_KINDS)[number]['value']

export const REQUEST_CHANNELS = [
  { value: 'portail', label: 'Portail' },
  { value: 'papier', label: 'Papier' },
  { value: 'téléphone', label: 'Téléphone' },
] as const satisfies readonly Option[]

export const REQUEST_STATES = [
  { value: 'pending', label: 'En attente' },
  { value: 'validated', label: 'Validée' },
  { value: 'refused', label: 'Refusée' },
  { value: 'partial', label: 'Partiellement validée' },
  { value: 'replaced', label: 'Remplacée' },
  { value: 'closed', label: 'Close' },
] as const satisfies readonly Option[]
