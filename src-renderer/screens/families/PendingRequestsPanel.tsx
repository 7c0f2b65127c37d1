import { Table, Text } from '@mantine/core'
import type { FamilyFile } from '@shared/contract/families'
import { labelOf } from '@shared/domain/options'
import { REQUEST_KINDS } from '@shared/domain/requests'
import { formatReceived } from '../requests/submitted'

/** The family's requests still waiting for a decision (they are decided in the Demandes screen). */
export function PendingRequestsPanel({ family }: { family: FamilyFile }) {
  if (family.pendingRequests.length === 0) return <Text c="dimmed">Aucune demande en attente.</Text>
  const childName = (id: number | null) => {
    const child = family.children.find((c) => c.id === id)
    return child ? `${child.lastName} ${child.firstName}` : ''
  }
  return (
    <Table striped aria-label="Demandes en attente">
      <Table.Thead>
        <Table.Tr>
          <Table.Th>Demande</Table.Th>
          <Table.Th>Enfant</Table.Th>
          <Table.Th>Reçue le</Table.Th>
          <Table.Th>Référence</Table.Th>
        </Table.Tr>
      </Table.Thead>
      <Table.Tbody>
        {family.pendingRequests.map((r) => (
          <Table.Tr key={r.id}>
            <Table.Td>{labelOf(REQUEST_KINDS, r.kind)}</Table.Td>
            <Table.Td>{childName(r.childId)}</Table.Td>
            <Table.Td>{formatReceived(!r.ref.startsWith('M-'), r.submittedAt)}</Table.Td>
            <Table.Td>{r.ref}</Table.Td>
          </Table.Tr>
        ))}
      </Table.Tbody>
    </Table>
  )
}
