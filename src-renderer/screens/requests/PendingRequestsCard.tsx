import { Alert, Anchor, Card, Group, Table, Text, Title } from '@mantine/core'
import { useQuery } from '@tanstack/react-query'
import { Link } from 'react-router'
import { api } from '../../api/client'
import { COUNTS_KEY } from './keys'

/** The dashboard's view of the queue: pending requests per kind. */
export function PendingRequestsCard() {
  const counts = useQuery({ queryKey: COUNTS_KEY, queryFn: () => api.requests.counts({}) })
  return (
    <Card withBorder padding="md" aria-label="Demandes en attente">
      <Group justify="space-between" mb="xs">
        <Title order={4}>Demandes en attente</Title>
        <Anchor component={Link} to="/demandes" size="sm">
          Ouvrir la file
        </Anchor>
      </Group>
      {counts.isError && <Alert color="red">{counts.error.message}</Alert>}
      {counts.data && counts.data.pending === 0 && <Text c="dimmed">Aucune demande en attente.</Text>}
      {counts.data && counts.data.pending > 0 && (
        <>
          <Text mb="xs">
            <b>{counts.data.pending}</b> demande(s) en attente, dont <b>{counts.data.needsReview}</b> à
            vérifier par une personne.
          </Text>
          <Table withRowBorders={false} verticalSpacing={2}>
            <Table.Tbody>
              {counts.data.byKind.map((k) => (
                <Table.Tr key={k.kind}>
                  <Table.Td>{k.label}</Table.Td>
                  <Table.Td ta="right" fw={600}>
                    {k.count}
                  </Table.Td>
                </Table.Tr>
              ))}
            </Table.Tbody>
          </Table>
        </>
      )}
    </Card>
  )
}
