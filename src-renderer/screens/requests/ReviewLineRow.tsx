import {
  ActionIcon,
  Badge,
  Group,
  SegmentedControl,
  Stack,
  Table,
  Text,
  TextInput,
  Tooltip,
} from '@mantine/core'
import type { RequestReview, ReviewLine } from '@shared/contract/requests'
import { IconAlertTriangle, IconPencil } from '@tabler/icons-react'
import { lineField } from './field-lookup'
import { type LineDecision, parseCorrection } from './review-state'
import { ValueText } from './ValueText'

interface Props {
  review: RequestReview
  line: ReviewLine
  decision: LineDecision
  editable: boolean
  /** Accepting is possible (the request still applies, the calendar is not needed). */
  canAccept: boolean
  onChange: (change: Partial<LineDecision>) => void
}

function CorrectionInput({ review, line, decision, onChange }: Omit<Props, 'editable' | 'canAccept'>) {
  const spec = lineField(review.kind, line.field)
  const text = decision.correction ?? ''
  const parsed = parseCorrection(spec, text)
  return (
    <TextInput
      size="xs"
      aria-label={`Valeur corrigée : ${line.label}`}
      value={text}
      data-autofocus
      onChange={(e) => onChange({ correction: e.currentTarget.value })}
      error={'error' in parsed ? parsed.error : undefined}
      rightSection={
        <ActionIcon
          size="xs"
          variant="subtle"
          aria-label="Annuler la correction"
          onClick={() => onChange({ correction: null })}
        >
          ×
        </ActionIcon>
      }
    />
  )
}

/** One field (or day) of a request: values side by side, the decision and, as needed, a correction or a reason. */
export function ReviewLineRow({ review, line, decision, editable, canAccept, onChange }: Props) {
  const spec = lineField(review.kind, line.field)
  const compares = review.mode === 'update' || review.mode === 'delete'
  const correctable = editable && decision.accept && (review.mode === 'update' || review.mode === 'add')
  return (
    <Table.Tr bg={line.conflict ? 'red.0' : undefined} data-conflict={line.conflict || undefined}>
      <Table.Td>
        <Group gap={6} wrap="nowrap">
          {line.conflict && (
            <Tooltip label="Conflit : la valeur actuelle diffère de ce que la famille voyait">
              <IconAlertTriangle size={16} color="var(--mantine-color-red-7)" aria-label="Conflit" />
            </Tooltip>
          )}
          <Text size="sm" fw={500}>
            {line.label}
          </Text>
        </Group>
        {line.supersededBy && (
          <Badge size="xs" color="orange" variant="light">
            Aussi demandé dans {line.supersededBy}
          </Badge>
        )}
      </Table.Td>
      {compares && (
        <Table.Td>
          <ValueText spec={spec} value={line.current} />
        </Table.Td>
      )}
      {review.mode === 'update' && (
        <Table.Td>
          <ValueText spec={spec} value={line.seen} />
        </Table.Td>
      )}
      <Table.Td>
        {decision.correction !== null && correctable ? (
          <CorrectionInput review={review} line={line} decision={decision} onChange={onChange} />
        ) : (
          <Group gap={4} wrap="nowrap" justify="space-between">
            <ValueText spec={spec} value={line.applied ?? line.requested} />
            {correctable && (
              <Tooltip label="Corriger la valeur avant de valider">
                <ActionIcon
                  size="sm"
                  variant="subtle"
                  aria-label={`Corriger : ${line.label}`}
                  onClick={() => onChange({ correction: String(line.requested ?? '') })}
                >
                  <IconPencil size={14} />
                </ActionIcon>
              </Tooltip>
            )}
          </Group>
        )}
      </Table.Td>
      {review.mode !== 'delete' && (
        <Table.Td>
          <Stack gap={4}>
            <SegmentedControl
              size="xs"
              aria-label={`Décision : ${line.label}`}
              disabled={!editable || !canAccept}
              value={decision.accept ? 'accept' : 'refuse'}
              onChange={(v) => onChange({ accept: v === 'accept' })}
              data={[
                { value: 'accept', label: 'Accepter' },
                { value: 'refuse', label: 'Refuser' },
              ]}
              color={decision.accept ? 'teal' : 'red'}
            />
            {!decision.accept && editable && (
              <TextInput
                size="xs"
                placeholder="Motif du refus (dit à la famille)"
                aria-label={`Motif du refus : ${line.label}`}
                value={decision.reason}
                onChange={(e) => onChange({ reason: e.currentTarget.value })}
              />
            )}
            {!editable && line.reason && (
              <Text size="xs" c="dimmed">
                Motif : {line.reason}
              </Text>
            )}
          </Stack>
        </Table.Td>
      )}
    </Table.Tr>
  )
}
