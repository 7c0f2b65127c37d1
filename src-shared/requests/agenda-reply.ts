// How a reply to the family tells the outcome of each date of a reservation
// or absence request (docs/demandes-portail.md); the same words in the review
// pane's draft and in the back-end's default reply.

const ACCEPTED: Record<string, string> = {
  'reservation.add': 'réservation acceptée',
  'reservation.cancel': 'réservation annulée',
  'absence.declare': 'absence enregistrée',
}

/** « Repas : réservation acceptée ». */
export function agendaAcceptedText(kind: string, serviceName: string | null): string {
  const what = ACCEPTED[kind] ?? 'acceptée'
  return serviceName ? `${serviceName} : ${what}` : what
}

/** The reason given for a date put on the waiting list when staff write none. */
export const WAITLIST_REASON = 'complet ce jour-là : votre demande est sur la liste d’attente'
