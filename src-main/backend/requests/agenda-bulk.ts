import { formatDay } from '@shared/format/date'
import type { Assessment } from './assess'

const dates = (days: { date: string }[]) => days.map((d) => formatDay(d.date)).join(', ')

/**
 * Why bulk validation leaves a reservation or absence request to a person
 * (docs/demandes-portail.md): it applies one only when every date is on time
 * (at the moment the family sent it), can be applied, and has room.
 */
export function agendaBulkObstacle(a: Assessment): string | null {
  const agenda = a.agenda
  if (!agenda) return null
  if (a.blocked || !agenda.service) return `réservation ou absence : ${a.blocked ?? 'service inconnu'}`
  const reasons: string[] = []
  const blocked = agenda.days.filter((d) => d.blocked)
  const late = agenda.days.filter((d) => !d.blocked && !d.onTime)
  const full =
    agenda.kind === 'reservation.add'
      ? agenda.days.filter((d) => !d.blocked && d.placesLeft !== null && d.placesLeft <= 0)
      : []
  if (blocked.length > 0) reasons.push(blocked.map((d) => `le ${formatDay(d.date)} : ${d.blocked}`).join(' ; '))
  if (late.length > 0) reasons.push(`hors délai le ${dates(late)}`)
  if (full.length > 0) reasons.push(`complet le ${dates(full)}`)
  return reasons.length > 0 ? `${reasons.join(' ; ')} : à décider date par date` : null
}
