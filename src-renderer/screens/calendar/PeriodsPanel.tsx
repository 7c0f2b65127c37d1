import {
  Alert,
  Button,
  Card,
  Group,
  Loader,
  Select,
  SimpleGrid,
  Stack,
  Table,
  Text,
  Title,
} from '@mantine/core'
import type { PeriodRow } from '@shared/contract/calendar'
import { weekdayName, weekdayOf } from '@shared/domain/days'
import { dayInFrance, formatDay } from '@shared/format/date'
import { IconPlus } from '@tabler/icons-react'
import { useQuery, useQueryClient } from '@tanstack/react-query'
import { useState } from 'react'
import { api } from '../../api/client'
import { ConfirmModal } from '../../components/ConfirmModal'
import { CALENDAR_KEY, refreshCalendar } from './keys'
import { PeriodModal } from './PeriodModal'
import { useCanEdit } from './useCanEdit'

const ALL = 'toutes'

/** The public holidays of a year, as the agenda shows them (Jour férié). */
function PublicHolidaysCard({ alsaceMoselle }: { alsaceMoselle: boolean }) {
  const [year, setYear] = useState(Number(dayInFrance(new Date()).slice(0, 4)))
  const list = useQuery({
    queryKey: [...CALENDAR_KEY, 'public', year, alsaceMoselle],
    queryFn: () => api.calendar.publicHolidays({ year, alsaceMoselle }),
  })
  return (
    <Card withBorder>
      <Group justify="space-between" mb="xs">
        <Title order={3} size="h5">
          Jours fériés{alsaceMoselle ? ' (Alsace-Moselle)' : ''}
        </Title>
        <Select
          aria-label="Année des jours fériés"
          data={[year - 1, year, year + 1].map(String)}
          value={String(year)}
          allowDeselect={false}
          onChange={(v) => v && setYear(Number(v))}
          w={100}
          size="xs"
        />
      </Group>
      {list.data?.map((h) => (
        <Text key={h.date} size="sm">
          {weekdayName(weekdayOf(h.date))} {formatDay(h.date)} — {h.name}
        </Text>
      ))}
    </Card>
  )
}

/** Calendrier → Fermetures et ouvertures. */
export function PeriodsPanel() {
  const queryClient = useQueryClient()
  const canEdit = useCanEdit()
  const [filter, setFilter] = useState<string>(ALL)
  const [editing, setEditing] = useState<PeriodRow | 'new' | null>(null)
  const [deleting, setDeleting] = useState<PeriodRow | null>(null)
  const structures = useQuery({
    queryKey: [...CALENDAR_KEY, 'structures', false],
    queryFn: () => api.calendar.structures({}),
  })
  const structureId = filter === ALL ? undefined : Number(filter)
  const periods = useQuery({
    queryKey: [...CALENDAR_KEY, 'periods', structureId ?? ALL],
    queryFn: () => api.calendar.periods(structureId === undefined ? {} : { structureId }),
  })
  const chosen = structures.data?.find((s) => s.id === structureId) ?? structures.data?.[0]
  return (
    <Stack>
      <Group justify="space-between" align="flex-end">
        <Select
          label="Structure"
          data={[
            { value: ALL, label: 'Toutes les structures' },
            ...(structures.data ?? []).map((s) => ({ value: String(s.id), label: s.name })),
          ]}
          value={filter}
          allowDeselect={false}
          onChange={(v) => v && setFilter(v)}
          w={320}
        />
        {canEdit && (structures.data?.length ?? 0) > 0 && (
          <Button leftSection={<IconPlus size={16} />} onClick={() => setEditing('new')}>
            Nouvelle fermeture ou ouverture
          </Button>
        )}
      </Group>
      <SimpleGrid cols={{ base: 1, lg: 3 }}>
        <Stack style={{ gridColumn: 'span 2' }}>
          {periods.isPending && <Loader />}
          {periods.isError && <Alert color="red">{periods.error.message}</Alert>}
          {periods.data?.length === 0 && (
            <Text c="dimmed" size="sm">
              Aucune fermeture ni ouverture exceptionnelle.
            </Text>
          )}
          {(periods.data?.length ?? 0) > 0 && (
            <Table striped withTableBorder aria-label="Fermetures et ouvertures">
              <Table.Thead>
                <Table.Tr>
                  <Table.Th>Type</Table.Th>
                  <Table.Th>Structure</Table.Th>
                  <Table.Th>Service</Table.Th>
                  <Table.Th>Du</Table.Th>
                  <Table.Th>Au</Table.Th>
                  <Table.Th>Motif</Table.Th>
                  {canEdit && <Table.Th />}
                </Table.Tr>
              </Table.Thead>
              <Table.Tbody>
                {periods.data?.map((p) => (
                  <Table.Tr key={p.id}>
                    <Table.Td style={{ whiteSpace: 'nowrap' }}>
                      <Text size="sm" fw={600} c={p.kind === 'fermeture' ? 'red' : 'teal'}>
                        {p.kind === 'fermeture' ? 'Fermeture' : 'Ouverture'}
                      </Text>
                    </Table.Td>
                    <Table.Td>{p.structureName}</Table.Td>
                    <Table.Td>{p.serviceName ?? 'Toute la structure'}</Table.Td>
                    <Table.Td>{formatDay(p.startsOn)}</Table.Td>
                    <Table.Td>{formatDay(p.endsOn)}</Table.Td>
                    <Table.Td>{p.label}</Table.Td>
                    {canEdit && (
                      <Table.Td>
                        <Group gap={4} wrap="nowrap">
                          <Button size="compact-xs" variant="light" onClick={() => setEditing(p)}>
                            Modifier
                          </Button>
                          <Button
                            size="compact-xs"
                            variant="subtle"
                            color="red"
                            onClick={() => setDeleting(p)}
                          >
                            Supprimer
                          </Button>
                        </Group>
                      </Table.Td>
                    )}
                  </Table.Tr>
                ))}
              </Table.Tbody>
            </Table>
          )}
        </Stack>
        {chosen && <PublicHolidaysCard alsaceMoselle={chosen.alsaceMoselle} />}
      </SimpleGrid>
      {editing && structures.data && (
        <PeriodModal
          structures={structures.data}
          period={editing === 'new' ? undefined : editing}
          onClose={() => setEditing(null)}
        />
      )}
      {deleting && (
        <ConfirmModal
          title="Supprimer la période"
          confirmLabel="Supprimer"
          successMessage="Période supprimée."
          onConfirm={async () => {
            await api.calendar.deletePeriod({ id: deleting.id, version: deleting.version })
            await refreshCalendar(queryClient)
          }}
          onClose={() => setDeleting(null)}
          onReload={() => void refreshCalendar(queryClient)}
        >
          Supprimer la {deleting.kind === 'fermeture' ? 'fermeture' : 'ouverture'} du{' '}
          {formatDay(deleting.startsOn)} au {formatDay(deleting.endsOn)} (
          {deleting.serviceName ?? deleting.structureName}) ?
        </ConfirmModal>
      )}
    </Stack>
  )
}
