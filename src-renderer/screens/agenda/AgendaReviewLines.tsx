import { Alert, Badge, Button, Group, SegmentedControl, Stack, Table, Text, TextInput } from '@mantine/core'
import type { RequestReview } from '@shared/contract/requests'
import { weekdayName, weekdayOf } from '@shared/domain/days'
import { formatDay } from '@shared/format/date'
import type { LineDecision } from '../requests/review-state'
import { isFull, reviewDay } from './review-days'

type Choice = 'accept' | 'refuse' | 'waitlist'

interface Props {
  review: RequestReview
  decisions: Record<string, LineDecision>
  editable: boolean
  canAccept: boolean
  setLine(field: string, change: Partial<LineDecision>): void
  setAll(accept: boolean): void
}

const DECIDED: Record<string, string> = { acceptée: 'teal', refusée: 'red', 'en attente': 'yellow' }

const choiceOf = (d: LineDecision): Choice => (d.accept ? 'accept' : d.waitlist ? 'waitlist' : 'refuse')

/**
 * A reservation or absence request, date by date (docs/demandes-portail.md):
 * the state the agenda shows now, whether the date is on time (deadline at
 * the moment the family sent it), the places left, and the staff member's
 * decision: accept, refuse, or (a full reservation date) the waiting list.
 */
export function AgendaReviewLines({ review, decisions, editable, canAccept, setLine, setAll }: Props) {
  const agenda = review.agenda
  if (!agenda) return null
  return (
    <Stack gap="xs">
      <Text size="sm">
        Service : <b>{agenda.serviceName ?? agenda.service}</b>
        {agenda.structureName ? ` · ${agenda.structureName}` : ''}
        {agenda.motif ? ` · Motif : ${agenda.motif}` : ''}
      </Text>
      {agenda.holidaysNotice && (
        <Alert color="yellow" title="Vacances scolaires non connues">
          {agenda.holidaysNotice}
        </Alert>
      )}
      {editable && canAccept && review.lines.length > 1 && (
        <Group gap="xs">
          <Button size="compact-xs" variant="light" color="teal" onClick={() => setAll(true)}>
            Tout accepter
          </Button>
          <Button size="compact-xs" variant="light" color="red" onClick={() => setAll(false)}>
            Tout refuser
          </Button>
        </Group>
      )}
      <Table withTableBorder verticalSpacing={6} aria-label="Lignes de la demande">
        <Table.Thead>
          <Table.Tr>
            <Table.Th>Jour</Table.Th>
            <Table.Th>État actuel</Table.Th>
            <Table.Th>Délai</Table.Th>
            <Table.Th>Places restantes</Table.Th>
            <Table.Th>Décision</Table.Th>
          </Table.Tr>
        </Table.Thead>
        <Table.Tbody>
          {review.lines.map((line) => {
            const day = reviewDay(review, line.field)
            const d = decisions[line.field]
            const full = agenda.canWaitlist && isFull(day)
            return (
              <Table.Tr key={line.field} data-day={line.field}>
                <Table.Td>
                  <Text size="sm" fw={500}>
                    {weekdayName(weekdayOf(line.field))} {formatDay(line.field)}
                  </Text>
                </Table.Td>
                <Table.Td>
                  <Text size="sm">{day?.stateLabel ?? '—'}</Text>
                </Table.Td>
                <Table.Td>
                  {day?.blocked ? (
                    <Text size="sm" c="red">
                      {day.blocked}
                    </Text>
                  ) : day ? (
                    <Stack gap={2}>
                      <Text size="xs" fw={700} c={day.onTime ? 'teal.8' : 'orange.8'}>
                        {day.onTime ? 'Dans les délais' : 'Hors délai'}
                      </Text>
                      <Text size="xs" c="dimmed">
                        {day.deadline}
                      </Text>
                    </Stack>
                  ) : (
                    '—'
                  )}
                </Table.Td>
                <Table.Td>{day ? (day.placesLeft === null ? 'sans limite' : day.placesLeft) : '—'}</Table.Td>
                <Table.Td>
                  {editable ? (
                    <Stack gap={4}>
                      <SegmentedControl
                        size="xs"
                        aria-label={`Décision : ${formatDay(line.field)}`}
                        disabled={!canAccept}
                        value={choiceOf(d)}
                        onChange={(v) =>
                          setLine(line.field, { accept: v === 'accept', waitlist: v === 'waitlist' })
                        }
                        data={[
                          { value: 'accept', label: 'Accepter' },
                          { value: 'refuse', label: 'Refuser' },
                          ...(full ? [{ value: 'waitlist', label: 'Liste d’attente' }] : []),
                        ]}
                        color={{ accept: 'teal', refuse: 'red', waitlist: 'yellow' }[choiceOf(d)]}
                      />
                      {(!d.accept || (day && !day.onTime)) && (
                        <TextInput
                          size="xs"
                          placeholder={
                            d.accept ? 'Motif pour accepter hors délai (journal)' : 'Motif (dit à la famille)'
                          }
                          aria-label={`${d.accept ? 'Motif du retard' : 'Motif du refus'} : ${formatDay(line.field)}`}
                          value={d.reason}
                          onChange={(e) => setLine(line.field, { reason: e.currentTarget.value })}
                        />
                      )}
                    </Stack>
                  ) : (
                    <Stack gap={2}>
                      {day?.decision && (
                        <Badge color={DECIDED[day.decision]} variant="light">
                          {day.decision}
                        </Badge>
                      )}
                      {line.reason && (
                        <Text size="xs" c="dimmed">
                          Motif : {line.reason}
                        </Text>
                      )}
                    </Stack>
                  )}
                </Table.Td>
              </Table.Tr>
            )
          })}
        </Table.Tbody>
      </Table>
    </Stack>
  )
}
