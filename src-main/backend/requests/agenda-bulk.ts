import type { Assessment } from './assess'

/**
 * Why bulk validation leaves a reservation or absence request to a person
 * before trying it (docs/demandes-portail.md): its service is unknown. The
 * dates themselves are checked when they are applied, by the agenda's own
 * rules with no reason for lateness and no waiting list: a date late, full,
 * closed or outside the enrolment refuses the whole request, which is left
 * with the agenda's reasons (agenda-decide.ts). Assessing every date
 * beforehand would cost a second reading of the service's month.
 */
export function agendaBulkObstacle(a: Assessment): string | null {
  if (!a.agenda) return null
  if (a.blocked || !a.agenda.service) return `réservation ou absence : ${a.blocked ?? 'service inconnu'}`
  return null
}
