import { Alert, Button, Group, Loader, Select, Stack, Table, Text } from '@mantine/core'
import { HOLIDAY_KINDS, type HolidayRow, type SchoolZoneCode, ZONE_OPTIONS } from '@shared/contract/calendar'
import { nextSchoolYear, schoolYearOf } from '@shared/domain/days'
import { labelOf } from '@shared/domain/options'
import { dayInFrance, formatDay } from '@shared/format/date'
import { IconPlus } from '@tabler/icons-react'
import { useQuery, useQueryClient } from '@tanstack/react-query'
import { useState } from 'react'
import { api } from '../../api/client'
import { ConfirmModal } from '../../components/ConfirmModal'
import { HolidayModal } from './HolidayModal'
import { ImportHolidaysButton } from './ImportHolidaysButton'
import { CALENDAR_KEY, refreshCalendar } from './keys'
import { useCanEdit } from './useCanEdit'

/** Calendrier → Vacances scolaires: the periods of a zone and a school year, the import, the corrections. */
export function HolidaysPanel() {
  const queryClient = useQueryClient()
  const canEdit = useCanEdit()
  const current = schoolYearOf(dayInFrance(new Date()))
  const structures = useQuery({
    queryKey: [...CALENDAR_KEY, 'structures', false],
    queryFn: () => api.calendar.structures({}),
  })
  const [zoneChoice, setZone] = useState<SchoolZoneCode | null>(null)
  const zone = zoneChoice ?? structures.data?.[0]?.zone ?? 'A'
  const [year, setYear] = useState<string>(current)
  const [editing, setEditing] = useState<HolidayRow | 'new' | null>(null)
  const [deleting, setDeleting] = useState<HolidayRow | null>(null)
  const all = useQuery({
    queryKey: [...CALENDAR_KEY, 'holidays', zone],
    queryFn: () => api.calendar.holidays({ zone }),
  })
  const years = [...new Set([...(all.data ?? []).map((h) => h.schoolYear), current, nextSchoolYear(current)])]
    .sort()
    .reverse()
  const shown = (all.data ?? []).filter((h) => h.schoolYear === year)
  return (
    <Stack>
      <Group justify="space-between" align="flex-end">
        <Group>
          <Select
            label="Zone"
            data={ZONE_OPTIONS}
            value={zone}
            allowDeselect={false}
            onChange={(v) => v && setZone(v as SchoolZoneCode)}
            w={140}
          />
          <Select
            label="Année scolaire"
            data={years}
            value={year}
            allowDeselect={false}
            onChange={(v) => v && setYear(v)}
            w={160}
          />
        </Group>
        {canEdit && (
          <Group>
            <ImportHolidaysButton />
            <Button variant="default" leftSection={<IconPlus size={16} />} onClick={() => setEditing('new')}>
              Ajouter une période
            </Button>
          </Group>
        )}
      </Group>
      <Text size="sm" c="dimmed">
        Les vacances commencent après la classe le jour du début et les cours reprennent le matin du jour de
        reprise (règle du calendrier officiel).
      </Text>
      {all.isPending && <Loader />}
      {all.isError && <Alert color="red">{all.error.message}</Alert>}
      {all.data && shown.length === 0 && (
        <Alert color="orange">
          Aucune période connue pour la {labelOf(ZONE_OPTIONS, zone).toLowerCase()} en {year}. Importez le
          calendrier officiel (« Importer le calendrier officiel ») ou ajoutez les périodes à la main.
        </Alert>
      )}
      {shown.length > 0 && (
        <Table striped withTableBorder aria-label={`Vacances scolaires ${zone} ${year}`}>
          <Table.Thead>
            <Table.Tr>
              <Table.Th>Période</Table.Th>
              <Table.Th>Type</Table.Th>
              <Table.Th>Début (après la classe)</Table.Th>
              <Table.Th>Reprise (le matin)</Table.Th>
              <Table.Th>Jours sans classe</Table.Th>
              <Table.Th>Source</Table.Th>
              {canEdit && <Table.Th />}
            </Table.Tr>
          </Table.Thead>
          <Table.Tbody>
            {shown.map((h) => (
              <Table.Tr key={h.id}>
                <Table.Td>{h.name}</Table.Td>
                <Table.Td style={{ whiteSpace: 'nowrap' }}>
                  <Text size="sm" fw={600} c={h.kind === 'grandes' ? 'orange.8' : 'cyan.8'}>
                    {labelOf(HOLIDAY_KINDS, h.kind)}
                  </Text>
                </Table.Td>
                <Table.Td>{formatDay(h.startsOn)}</Table.Td>
                <Table.Td>{h.resumesOn ? formatDay(h.resumesOn) : 'non publiée'}</Table.Td>
                <Table.Td>
                  du {formatDay(h.firstDay)} {h.lastDay ? `au ${formatDay(h.lastDay)}` : '(fin non publiée)'}
                </Table.Td>
                <Table.Td>
                  <Text size="xs">{h.source}</Text>
                </Table.Td>
                {canEdit && (
                  <Table.Td>
                    <Group gap={4} wrap="nowrap">
                      <Button
                        size="compact-xs"
                        variant="light"
                        onClick={() => setEditing(h)}
                        aria-label={`Corriger ${h.name}`}
                      >
                        Corriger
                      </Button>
                      <Button
                        size="compact-xs"
                        variant="subtle"
                        color="red"
                        onClick={() => setDeleting(h)}
                        aria-label={`Supprimer ${h.name}`}
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
      {editing && (
        <HolidayModal
          holiday={editing === 'new' ? undefined : editing}
          zone={zone}
          onClose={() => setEditing(null)}
        />
      )}
      {deleting && (
        <ConfirmModal
          title="Supprimer la période"
          confirmLabel="Supprimer"
          successMessage="Période supprimée."
          onConfirm={async () => {
            await api.calendar.deleteHoliday({ id: deleting.id, version: deleting.version })
            await refreshCalendar(queryClient)
          }}
          onClose={() => setDeleting(null)}
          onReload={() => void refreshCalendar(queryClient)}
        >
          Supprimer « {deleting.name} » ({deleting.zone}, {deleting.schoolYear}) ? L’agenda ne montrera plus
          ces vacances.
        </ConfirmModal>
      )}
    </Stack>
  )
}
