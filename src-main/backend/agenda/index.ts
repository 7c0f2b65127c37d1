// The agenda for the rest of the back-end (docs/agenda.md).
//
// computeAgenda(db, query, from, to): ComputedAgenda
//   query: { childIds: number[] } | { serviceId: number } | { structureId: number }.
//   Every child's row per service over [from, to] (both 'yyyy-mm-dd', included),
//   one AgendaCell per day with exactly one of the 17 states or null, and per
//   service and day index the number of children expected (`expected`).
//
// assessAgendaDates(db, { childId, serviceId, dates, action, at }): AgendaAssessment[]
//   action: 'reserve' | 'absence' | 'cancel' | 'justify'; at: the moment of
//   acting (a portal request's submitted_at). Per date: the state now (pending
//   requests left out), onTime, the deadline in French, placesLeft (null: no
//   limit), blocked (why it cannot apply at all, or null). Reads only.
//
// applyAgendaDates(trx, ctx, { childId, serviceId, dates, action, at,
//   requestId?, motif?, justification?, lateReason?, waitlist? }): AgendaOutcome[]
//   Inside the caller's inTransaction: each date applied, unchanged,
//   waitlisted or refused with a French reason; one audit entry for the
//   dates applied, naming them and the service. A late date is refused
//   where the service refuses late actions, and needs `lateReason` where it
//   leaves them to staff; a late absence is Absent facturé where the service
//   bills late absences.
//
// refuseAgendaDates(trx, ctx, { childId, serviceId, dates, requestId?, reason? })
//   Réservation refusée on the dates of a refused reservation request.
//
// REQUEST_KIND_ACTION (src-shared/domain/agenda.ts) maps reservation.add,
// reservation.cancel and absence.declare to these actions.

export type { AgendaDatesInput, ApplyInput } from './apply'
export { applyAgendaDates, assessAgendaDates, refuseAgendaDates } from './apply'
export type { AgendaQuery, ComputedAgenda, ComputedRow } from './compute'
export { computeAgenda } from './compute'
export { changeEnrolment, createEnrolment, endEnrolment, listEnrolments } from './enrolments'
export { childMonth, holidayNotices, serviceMonth } from './views'
