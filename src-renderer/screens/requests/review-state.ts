import type { RequestReview, ReviewLine } from '@shared/contract/requests'
import type { FieldSpec } from '@shared/fields/index'
import { agendaAcceptedText, WAITLIST_REASON } from '@shared/requests/agenda-reply'
import { displayValue } from '@shared/requests/display'
import {
  type DecidedLine,
  defaultTemplateId,
  draftReply,
  type ReplyContext,
  replyContextOf,
  stateOf,
} from '@shared/requests/reply'
import { useEffect, useState } from 'react'
import { agendaDateFits } from '../agenda/review-days'
import { lineField } from './field-lookup'

export interface LineDecision {
  accept: boolean
  reason: string
  /** Text typed to correct the requested value; null when not corrected. */
  correction: string | null
  /** A reservation date not accepted but put on the waiting list (Demande en attente). */
  waitlist?: boolean
}

export type Decisions = Record<string, LineDecision>

/** Nothing can be applied (calendar missing, no longer applies): lines start refused. */
export const cannotApply = (review: RequestReview) => review.blocked !== null || review.notApplicable !== null

function initialDecisions(review: RequestReview): Decisions {
  const accept = !cannotApply(review)
  return Object.fromEntries(
    review.lines.map((l) => [
      l.field,
      {
        // An agenda date starts accepted only when it is on time and can be applied (agenda/review-days.ts).
        accept:
          l.outcome === 'pending' ? accept && agendaDateFits(review, l.field) : l.outcome === 'accepted',
        waitlist:
          l.outcome === 'pending'
            ? false
            : review.agenda?.days.find((d) => d.date === l.field)?.decision === 'en attente',
        reason: l.reason ?? '',
        correction: null,
      },
    ]),
  )
}

/** The corrected value in stored form, or the problem with it (the field's own rule, as the back-end applies it). */
export function parseCorrection(
  spec: FieldSpec | undefined,
  text: string,
): { value: unknown } | { error: string } {
  if (!spec) return { value: text }
  const parsed = spec.schema.safeParse(text)
  return parsed.success
    ? { value: parsed.data }
    : { error: parsed.error.issues[0]?.message ?? 'valeur invalide' }
}

function keptValue(kind: string, line: ReviewLine, decision: LineDecision, review?: RequestReview): string {
  if (review?.agenda) return agendaAcceptedText(kind, review.agenda.serviceName)
  const spec = lineField(kind, line.field)
  if (decision.correction !== null) {
    const parsed = parseCorrection(spec, decision.correction)
    return 'value' in parsed ? displayValue(spec, parsed.value) : decision.correction
  }
  return displayValue(spec, line.requested)
}

export type Action = 'decide' | 'refuse' | 'close'

function contextFor(review: RequestReview, decisions: Decisions, action: Action): ReplyContext {
  const lines: DecidedLine[] = review.lines.map((l) => {
    const d = decisions[l.field]
    const accept = action === 'decide' && d.accept
    return {
      label: l.label,
      value: keptValue(review.kind, l, d, review),
      accept,
      reason: accept ? null : d.reason.trim() || (d.waitlist && review.agenda ? WAITLIST_REASON : null),
    }
  })
  return replyContextOf({
    familyName: review.family.greeting,
    kindLabel: review.kindLabel,
    submittedDay: review.submittedAt.slice(0, 10),
    state: action === 'close' ? 'closed' : stateOf(lines.map((l) => l.accept)),
    notApplicable: review.notApplicable,
    agenda: review.mode === 'agenda',
    lines,
  })
}

/** The staff member's decision on one request while they review it: per line, and the reply. */
export function useReviewDecisions(review: RequestReview) {
  const [decisions, setDecisions] = useState<Decisions>(() => initialDecisions(review))
  const [templateId, setTemplateId] = useState<string | null>(null)
  const [edited, setEdited] = useState<string | null>(null)
  useEffect(() => {
    setDecisions(initialDecisions(review))
    setTemplateId(null)
    setEdited(null)
  }, [review])

  const draftFor = (action: Action) => {
    const ctx = contextFor(review, decisions, action)
    return draftReply(ctx, templateId ?? defaultTemplateId(ctx))
  }
  const draft = draftFor('decide')

  return {
    decisions,
    setLine: (field: string, change: Partial<LineDecision>) =>
      setDecisions((all) => ({ ...all, [field]: { ...all[field], ...change } })),
    setAll: (accept: boolean) =>
      setDecisions((all) => Object.fromEntries(Object.entries(all).map(([k, d]) => [k, { ...d, accept }]))),
    templateId: templateId ?? defaultTemplateId(contextFor(review, decisions, 'decide')),
    chooseTemplate: (id: string) => {
      setTemplateId(id)
      setEdited(null)
    },
    reply: edited ?? draft,
    replyEdited: edited !== null,
    editReply: (text: string) => setEdited(text),
    /** The reply sent for an action: the staff member's text, else the template drafted for that action. */
    replyFor: (action: Action) => edited ?? draftFor(action),
  }
}

export type ReviewDecisions = ReturnType<typeof useReviewDecisions>
