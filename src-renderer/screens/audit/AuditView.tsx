import { Alert, Badge, Button, Group, Loader, Stack, Table, Text } from '@mantine/core'
import type { AuditChangeView, AuditEntryView } from '@shared/contract/audit'
import { formatInstant } from '@shared/format/date'
import { useInfiniteQuery } from '@tanstack/react-query'
import { api } from '../../api/client'
import { auditValue } from './audit-values'

const PAGE = 50

/** "Mobile : (vide) → 06 11 22 33 44"; a creation lists the values given, a deletion the values removed. */
function Changes({ entry }: { entry: AuditEntryView }) {
  if (entry.changes.length === 0)
    return <Text size="sm">{entry.note !== entry.actionLabel ? (entry.note ?? '') : ''}</Text>
  const verb = entry.action.slice(entry.action.lastIndexOf('.') + 1)
  // A creation lists what was given: a flag left unset says nothing.
  const changes = verb === 'create' ? entry.changes.filter((c) => c.after !== false) : entry.changes
  const show = (change: AuditChangeView, value: unknown) => auditValue(entry.entityType, change, value)
  const note = entry.note && entry.note !== entry.actionLabel && !entry.requestRef ? entry.note : null
  return (
    <Stack gap={2}>
      {note && (
        <Text size="xs" c="dimmed">
          {note}
        </Text>
      )}
      {changes.map((change) => (
        <Text size="sm" key={change.field}>
          <Text span fw={500}>
            {change.label}
          </Text>{' '}
          :{' '}
          {verb === 'create' ? (
            show(change, change.after)
          ) : verb === 'delete' ? (
            <Text span td="line-through">
              {show(change, change.before)}
            </Text>
          ) : (
            <>
              {show(change, change.before)} →{' '}
              <Text span fw={500}>
                {show(change, change.after)}
              </Text>
            </>
          )}
        </Text>
      ))}
    </Stack>
  )
}

/** Who changed what and when in a family's or a child's file, newest first, with before and after values. */
export function AuditView({ familyId, childId }: { familyId?: number; childId?: number }) {
  const history = useInfiniteQuery({
    queryKey: ['audit', { familyId, childId }],
    queryFn: ({ pageParam }) => api.audit.list({ familyId, childId, beforeId: pageParam, limit: PAGE }),
    initialPageParam: undefined as number | undefined,
    getNextPageParam: (last) => (last.length < PAGE ? undefined : last.at(-1)?.id),
    staleTime: 0,
  })
  if (history.isPending) return <Loader size="sm" />
  if (history.isError) return <Alert color="red">{history.error.message}</Alert>
  const entries = history.data.pages.flat()
  if (entries.length === 0) return <Text c="dimmed">Aucune modification enregistrée.</Text>
  return (
    <Stack>
      <Table striped highlightOnHover verticalSpacing="xs" aria-label="Historique des modifications">
        <Table.Thead>
          <Table.Tr>
            <Table.Th w={150}>Date</Table.Th>
            <Table.Th w={180}>Par</Table.Th>
            <Table.Th w={260}>Action</Table.Th>
            <Table.Th>Avant → après</Table.Th>
          </Table.Tr>
        </Table.Thead>
        <Table.Tbody>
          {entries.map((entry) => (
            <Table.Tr key={entry.id}>
              <Table.Td>{formatInstant(entry.at)}</Table.Td>
              <Table.Td>{entry.actor}</Table.Td>
              <Table.Td>
                <Group gap={6}>
                  <Text size="sm">
                    {entry.action.endsWith('.view')
                      ? entry.actionLabel
                      : `${entry.actionLabel} · ${entry.entityLabel}`}
                  </Text>
                  {entry.requestRef && (
                    <Badge size="xs" variant="light" color="grape">
                      Demande {entry.requestRef}
                    </Badge>
                  )}
                </Group>
              </Table.Td>
              <Table.Td>
                <Changes entry={entry} />
              </Table.Td>
            </Table.Tr>
          ))}
        </Table.Tbody>
      </Table>
      {history.hasNextPage && (
        <Button
          variant="light"
          w="fit-content"
          loading={history.isFetchingNextPage}
          onClick={() => history.fetchNextPage()}
        >
          Afficher les modifications plus anciennes
        </Button>
      )}
    </Stack>
  )
}
