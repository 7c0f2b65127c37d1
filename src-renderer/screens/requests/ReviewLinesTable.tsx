import { Button, Group, Table, Text } from '@mantine/core'
import type { RequestReview } from '@shared/contract/requests'
import { AgendaReviewLines } from '../agenda/AgendaReviewLines'
import { ReviewLineRow } from './ReviewLineRow'
import { cannotApply, type ReviewDecisions } from './review-state'

const HEADERS: Record<RequestReview['mode'], string[]> = {
  update: ['Champ', 'Valeur actuelle', 'Vue par la famille', 'Valeur demandée', 'Décision'],
  add: ['Champ', 'Valeur demandée', 'Décision'],
  delete: ['Champ', 'Valeur actuelle', 'Valeur donnée par la famille'],
  agenda: ['Jour', 'Service', 'Décision'],
}

export function ReviewLinesTable({
  review,
  state,
  editable,
}: {
  review: RequestReview
  state: ReviewDecisions
  editable: boolean
}) {
  const canAccept = !cannotApply(review)
  if (review.agenda)
    return (
      <AgendaReviewLines
        review={review}
        decisions={state.decisions}
        editable={editable}
        canAccept={canAccept}
        setLine={state.setLine}
        setAll={state.setAll}
      />
    )
  return (
    <>
      {editable && canAccept && review.mode !== 'delete' && review.lines.length > 1 && (
        <Group gap="xs">
          <Button size="compact-xs" variant="light" color="teal" onClick={() => state.setAll(true)}>
            Tout accepter
          </Button>
          <Button size="compact-xs" variant="light" color="red" onClick={() => state.setAll(false)}>
            Tout refuser
          </Button>
        </Group>
      )}
      {review.mode === 'delete' && editable && (
        <Text size="sm" c="dimmed">
          Une suppression se valide ou se refuse en entier, avec les boutons ci-dessous.
        </Text>
      )}
      <Table withTableBorder striped={false} verticalSpacing={6} aria-label="Lignes de la demande">
        <Table.Thead>
          <Table.Tr>
            {HEADERS[review.mode].map((h) => (
              <Table.Th key={h}>{h}</Table.Th>
            ))}
          </Table.Tr>
        </Table.Thead>
        <Table.Tbody>
          {review.lines.map((line) => (
            <ReviewLineRow
              key={line.field}
              review={review}
              line={line}
              decision={state.decisions[line.field]}
              editable={editable}
              canAccept={canAccept}
              onChange={(change) => state.setLine(line.field, change)}
            />
          ))}
        </Table.Tbody>
      </Table>
    </>
  )
}
