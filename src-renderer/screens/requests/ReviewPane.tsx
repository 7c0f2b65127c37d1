import { Alert, Card, Divider, Loader, Stack, Text } from '@mantine/core'
import { useHotkeys } from '@mantine/hooks'
import { notifications } from '@mantine/notifications'
import type { RequestReview } from '@shared/contract/requests'
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query'
import { useRef, useState } from 'react'
import { announceChange } from '../../api/changes'
import { api } from '../../api/client'
import { DecisionBar } from './DecisionBar'
import { decisionInput } from './decision-input'
import { lineField } from './field-lookup'
import { COUNTS_KEY, PAGES_KEY, reviewKey } from './keys'
import { RecordPreview } from './RecordPreview'
import { ReplyEditor } from './ReplyEditor'
import { ReviewHeader } from './ReviewHeader'
import { ReviewLinesTable } from './ReviewLinesTable'
import { type Action, cannotApply, parseCorrection, useReviewDecisions } from './review-state'

const DONE: Record<string, string> = {
  validated: 'validée',
  partial: 'partiellement validée',
  refused: 'refusée',
  closed: 'classée sans suite',
}

/** 'columns': the lines beside the reply and buttons (a wide, low pane); 'stack': the lines above them. */
export type ReviewLayout = 'columns' | 'stack'

function Review({ review, layout }: { review: RequestReview; layout: ReviewLayout }) {
  const queryClient = useQueryClient()
  const state = useReviewDecisions(review)
  const replyRef = useRef<HTMLTextAreaElement>(null)
  const [busy, setBusy] = useState<Action | null>(null)
  const [failure, setFailure] = useState<string | null>(null)
  const pending = review.state === 'pending'
  const canAccept = pending && !cannotApply(review)

  const decide = useMutation({
    mutationFn: (action: Action) =>
      api.requests.decide(decisionInput(review, state.decisions, action, state.replyFor(action))),
    onSuccess: async (decided) => {
      queryClient.setQueryData(reviewKey(decided.id), decided)
      // The queue and the counts change; the review itself is the answer (reading a health
      // request again would write another consultation entry in the audit log).
      await Promise.all([
        queryClient.invalidateQueries({ queryKey: PAGES_KEY }),
        queryClient.invalidateQueries({ queryKey: COUNTS_KEY }),
        // Every open view of the family or child it changed (another tab's too).
        announceChange(queryClient, { familyId: decided.family.id, childId: decided.child?.id ?? null }),
      ])
      notifications.show({
        color: 'teal',
        message: `Demande ${decided.ref} ${DONE[decided.state] ?? decided.stateLabel}.`,
      })
    },
    onError: (error) => setFailure(error.message),
    onSettled: () => setBusy(null),
  })

  const act = (action: Action) => {
    if (!pending || decide.isPending || (action === 'decide' && !canAccept)) return
    const bad = review.lines.find((l) => {
      const d = state.decisions[l.field]
      return (
        action === 'decide' &&
        d.accept &&
        d.correction !== null &&
        'error' in parseCorrection(lineField(review.kind, l.field), d.correction)
      )
    })
    if (bad) {
      setFailure(`${bad.label} : la valeur corrigée n’est pas valable.`)
      return
    }
    setFailure(null)
    setBusy(action)
    decide.mutate(action)
  }

  const opts = { usePhysicalKeys: true }
  useHotkeys(
    [
      ['alt+V', () => act('decide'), opts],
      ['alt+R', () => act('refuse'), opts],
      ['alt+E', () => replyRef.current?.focus(), opts],
    ],
    [],
  )

  const failureAlert = failure && (
    <Alert color="red" role="alert" withCloseButton onClose={() => setFailure(null)}>
      <Text size="sm" style={{ whiteSpace: 'pre-line' }}>
        {failure}
      </Text>
    </Alert>
  )
  // The lines scroll; the reply and the buttons stay in sight (issue: at 1366×768 they were below the fold).
  return (
    <div className={`review review-${layout}`}>
      <Stack gap="xs" className="review-details">
        <ReviewHeader review={review} />
        <ReviewLinesTable review={review} state={state} editable={pending} />
        <RecordPreview review={review} state={state} />
        {!pending && review.reply && (
          <>
            <Divider label="Réponse envoyée à la famille" labelPosition="left" />
            <Text size="sm" style={{ whiteSpace: 'pre-line' }}>
              {review.reply}
            </Text>
          </>
        )}
      </Stack>
      {pending && (
        <Stack gap="xs" className="review-decision">
          {failureAlert}
          <ReplyEditor state={state} textRef={replyRef} rows={layout === 'stack' ? 6 : 5} />
          <DecisionBar
            canAccept={canAccept}
            canClose={review.notApplicable !== null || review.blocked !== null}
            busy={busy}
            onAction={act}
          />
        </Stack>
      )}
    </div>
  )
}

/** The right-hand pane: one request, field by field, with its decision and reply. */
export function ReviewPane({ id, layout }: { id: number | null; layout: ReviewLayout }) {
  const review = useQuery({
    queryKey: reviewKey(id ?? 0),
    queryFn: () => api.requests.get({ id: id as number }),
    enabled: id !== null,
  })
  return (
    <Card withBorder padding="sm" h="100%" aria-label="Demande ouverte" component="section">
      {id === null && <Text c="dimmed">Choisissez une demande dans la liste.</Text>}
      {id !== null && review.isPending && <Loader size="sm" />}
      {review.isError && (
        <Alert color="red" role="alert">
          {review.error.message}
        </Alert>
      )}
      {review.data && <Review review={review.data} layout={layout} />}
    </Card>
  )
}
