import { Badge, Checkbox, Table, Text } from '@mantine/core'
import type { MessageRow } from '@shared/contract/messages'
import { formatInstant } from '@shared/format/date'
import { channelLabel, STATE_COLOR, stateLabel } from './labels'

/** Messages, newest first; a click opens one; the checkboxes choose letters to print or drafts to send. */
export function MessagesTable({
  rows,
  selected,
  onSelect,
  onOpen,
  showFamily = true,
}: {
  rows: MessageRow[]
  selected?: Set<number>
  onSelect?: (ids: Set<number>) => void
  onOpen: (row: MessageRow) => void
  showFamily?: boolean
}) {
  const toggle = (id: number) => {
    if (!selected || !onSelect) return
    const next = new Set(selected)
    if (next.has(id)) next.delete(id)
    else next.add(id)
    onSelect(next)
  }
  return (
    <Table striped highlightOnHover withTableBorder aria-label="Messages">
      <Table.Thead>
        <Table.Tr>
          {onSelect && <Table.Th w={32} aria-label="Choisir" />}
          <Table.Th>Date</Table.Th>
          {showFamily && <Table.Th>Famille</Table.Th>}
          <Table.Th>Enfant</Table.Th>
          <Table.Th>Objet</Table.Th>
          <Table.Th>Canal</Table.Th>
          <Table.Th>État</Table.Th>
        </Table.Tr>
      </Table.Thead>
      <Table.Tbody>
        {rows.map((m) => (
          <Table.Tr key={m.id} style={{ cursor: 'pointer' }} onClick={() => onOpen(m)}>
            {onSelect && (
              <Table.Td onClick={(e) => e.stopPropagation()}>
                <Checkbox
                  aria-label={`Choisir le message ${m.id}`}
                  checked={selected?.has(m.id) ?? false}
                  onChange={() => toggle(m.id)}
                />
              </Table.Td>
            )}
            <Table.Td style={{ whiteSpace: 'nowrap' }}>{formatInstant(m.createdAt)}</Table.Td>
            {showFamily && (
              <Table.Td>
                {m.familyNumber} · {m.familyName}
              </Table.Td>
            )}
            <Table.Td>{m.childName ?? '—'}</Table.Td>
            <Table.Td>
              {m.subject ?? (
                <Text span size="sm" c="dimmed" fs="italic">
                  Données de santé : réservé aux rôles autorisés
                </Text>
              )}
              {m.requestRef && (
                <Text span size="xs" c="dimmed">
                  {' '}
                  · réponse à {m.requestRef}
                </Text>
              )}
            </Table.Td>
            <Table.Td>{channelLabel(m.channel)}</Table.Td>
            <Table.Td>
              <Badge variant="light" color={STATE_COLOR[m.state]}>
                {stateLabel(m.state)}
              </Badge>
            </Table.Td>
          </Table.Tr>
        ))}
      </Table.Tbody>
    </Table>
  )
}
