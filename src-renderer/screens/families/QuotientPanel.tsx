import { Badge, Paper, Stack, Table, Text, Title } from '@mantine/core'
import type { FamilyFile } from '@shared/contract/families'
import { QUOTIENT_FIELDS } from '@shared/fields/index'
import { formatDay } from '@shared/format/date'
import { api } from '../../api/client'
import { RecordForm } from '../../fields/RecordForm'
import { useFamilyUpdater } from './family-query'

function QuotientHistory({ family }: { family: FamilyFile }) {
  if (family.quotients.length === 0) return <Text c="dimmed">Aucun quotient familial enregistré.</Text>
  return (
    <Table striped aria-label="Historique du quotient familial" maw={520}>
      <Table.Thead>
        <Table.Tr>
          <Table.Th>QF</Table.Th>
          <Table.Th>Du</Table.Th>
          <Table.Th>Au</Table.Th>
          <Table.Th />
        </Table.Tr>
      </Table.Thead>
      <Table.Tbody>
        {[...family.quotients].reverse().map((q) => (
          <Table.Tr key={q.id}>
            <Table.Td>{q.qf}</Table.Td>
            <Table.Td>{formatDay(q.validFrom)}</Table.Td>
            <Table.Td>{q.validTo ? formatDay(q.validTo) : '—'}</Table.Td>
            <Table.Td>
              {q.id === family.currentQuotient?.id && (
                <Badge size="sm" variant="light">
                  En cours
                </Badge>
              )}
            </Table.Td>
          </Table.Tr>
        ))}
      </Table.Tbody>
    </Table>
  )
}

/** The QF history and a form for a new quotient (the previous one is closed the day before). */
export function QuotientPanel({ family }: { family: FamilyFile }) {
  const { saved } = useFamilyUpdater(family.id)
  const save = async (values: Record<string, unknown>) =>
    saved(
      await api.families.setQuotient({
        familyId: family.id,
        qf: values.qf as number,
        qf_du: values.qf_du as string,
        qf_au: (values.qf_au as string | undefined) ?? null,
      }),
    )
  return (
    <Stack>
      <Title order={4}>Quotient familial</Title>
      <QuotientHistory family={family} />
      <Paper withBorder p="md" maw={760}>
        <Text fw={500} mb="sm">
          Nouveau quotient familial
        </Text>
        <RecordForm
          fields={QUOTIENT_FIELDS}
          required={['qf', 'qf_du']}
          values={{}}
          version={family.quotients.length}
          mode="create"
          onSave={save}
          columns={3}
          saveLabel="Enregistrer le quotient"
          savedMessage="Quotient familial enregistré."
        />
      </Paper>
    </Stack>
  )
}
