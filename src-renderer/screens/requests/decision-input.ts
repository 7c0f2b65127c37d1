import type { Input } from '@shared/contract/index'
import type { RequestReview } from '@shared/contract/requests'
import type { Action, Decisions } from './review-state'

/** What `requests/decide` receives for an action on the review pane. */
export function decisionInput(
  review: RequestReview,
  decisions: Decisions,
  action: Action,
  reply: string,
): Input<'requests/decide'> {
  return {
    id: review.id,
    version: review.version,
    action: action === 'close' ? 'close' : 'decide',
    outcomes: review.lines.map((l) => {
      const d = decisions[l.field]
      const accept = action === 'decide' && d.accept
      return {
        field: l.field,
        accept,
        // An agenda date accepted late carries the reason for accepting it.
        ...((!accept || review.mode === 'agenda') && d.reason.trim() ? { reason: d.reason.trim() } : {}),
        ...(!accept && d.waitlist ? { waitlist: true } : {}),
        ...(accept && d.correction !== null ? { value: d.correction } : {}),
      }
    }),
    reply,
  }
}
