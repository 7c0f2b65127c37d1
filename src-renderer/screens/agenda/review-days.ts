import type { AgendaReviewDay, RequestReview } from '@shared/contract/requests'

/** The date as the agenda sees it, for a reservation or absence request under review. */
export function reviewDay(review: RequestReview, date: string): AgendaReviewDay | undefined {
  return review.agenda?.days.find((d) => d.date === date)
}

/** A date starts accepted when it is on time and can be applied (other kinds: always). */
export function agendaDateFits(review: RequestReview, date: string): boolean {
  if (review.mode !== 'agenda') return true
  const day = reviewDay(review, date)
  return day?.onTime === true && day.blocked === null
}

/** A reservation date with no place left may go on the waiting list. */
export function isFull(day: AgendaReviewDay | undefined): boolean {
  return day?.placesLeft !== null && day?.placesLeft !== undefined && day.placesLeft <= 0
}
