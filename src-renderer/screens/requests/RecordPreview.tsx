import { Card, SimpleGrid, Text } from '@mantine/core'
import type { RecordLine, RequestReview } from '@shared/contract/requests'
import { lineField } from './field-lookup'
import { parseCorrection, type ReviewDecisions } from './review-state'
import { ValueText } from './ValueText'

function Lines({ kind, lines }: { kind: string; lines: RecordLine[] }) {
  return (
    <SimpleGrid cols={2} spacing={4} verticalSpacing={2}>
      {lines.map((l) => (
        <div key={l.field}>
          <Text size="xs" c="dimmed">
            {l.label}
          </Text>
          <ValueText spec={lineField(kind, l.field)} value={l.value} />
        </div>
      ))}
    </SimpleGrid>
  )
}

/** The record as it would be after the decision: what is added (accepted lines), or what goes away. */
export function RecordPreview({ review, state }: { review: RequestReview; state: ReviewDecisions }) {
  if (review.mode === 'add' && review.state !== 'pending') {
    // Decided: what was added, if anything; a refused request added nothing and says nothing here.
    const added: RecordLine[] = review.lines
      .filter((l) => l.outcome === 'accepted')
      .map((l) => ({ field: l.field, label: l.label, value: l.applied ?? l.requested }))
    if (added.length === 0) return null
    return (
      <Card withBorder padding="sm">
        <Text fw={600} size="sm" mb={6}>
          Fiche ajoutée
        </Text>
        <Lines kind={review.kind} lines={added} />
      </Card>
    )
  }
  if (review.mode === 'add') {
    const after: RecordLine[] = review.lines
      .filter((l) => state.decisions[l.field]?.accept)
      .map((l) => {
        const d = state.decisions[l.field]
        const parsed =
          d.correction === null ? null : parseCorrection(lineField(review.kind, l.field), d.correction)
        const value = parsed && 'value' in parsed ? (parsed.value as RecordLine['value']) : l.requested
        return { field: l.field, label: l.label, value }
      })
    return (
      <Card withBorder padding="sm">
        <Text fw={600} size="sm" mb={6}>
          Fiche après validation
        </Text>
        {after.length > 0 ? (
          <Lines kind={review.kind} lines={after} />
        ) : (
          <Text size="sm">Rien ne sera ajouté.</Text>
        )}
      </Card>
    )
  }
  if (review.mode === 'delete' && review.recordNow && review.state === 'pending')
    return (
      <Card withBorder padding="sm" bg="red.0">
        <Text fw={600} size="sm" mb={6}>
          Fiche supprimée si la demande est validée
        </Text>
        <Lines kind={review.kind} lines={review.recordNow} />
      </Card>
    )
  if (review.identity.length > 0)
    return (
      <Card withBorder padding="sm">
        <Text fw={600} size="sm" mb={6}>
          Fiche concernée
        </Text>
        <Lines kind={review.kind} lines={review.identity} />
      </Card>
    )
  if (review.agenda)
    return (
      <Text size="sm">
        Service : {review.agenda.service}
        {review.agenda.motif ? ` · Motif : ${review.agenda.motif}` : ''}
      </Text>
    )
  return null
}
