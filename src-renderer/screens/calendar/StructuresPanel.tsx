import { Alert, Badge, Button, Card, Group, Loader, Stack, Switch, Table, Text, Title } from '@mantine/core'
import { notifications } from '@mantine/notifications'
import {
  ATTENDANCE_OPTIONS,
  SERVICE_KINDS,
  type ServiceRow,
  type StructureRow,
  ZONE_OPTIONS,
} from '@shared/contract/calendar'
import { weekdayBit } from '@shared/domain/days'
import { describeDeadline } from '@shared/domain/deadlines'
import { labelOf } from '@shared/domain/options'
import { IconBuildingCommunity, IconPlus } from '@tabler/icons-react'
import { useQuery, useQueryClient } from '@tanstack/react-query'
import { useState } from 'react'
import { api } from '../../api/client'
import { CALENDAR_KEY, refreshCalendar } from './keys'
import { ServiceModal } from './ServiceModal'
import { StructureModal } from './StructureModal'
import { useCanEdit } from './useCanEdit'

type Editing =
  | { what: 'structure'; structure?: StructureRow }
  | { what: 'service'; structure: StructureRow; service?: ServiceRow }
  | null

const SHORT = ['Lu', 'Ma', 'Me', 'Je', 'Ve', 'Sa', 'Di']

/** « Lu Ma Me Je Ve », as the portal heads the agenda's columns. */
function daysText(mask: number): string {
  const days = SHORT.filter((_, i) => mask & weekdayBit(i + 1))
  return days.length === 0 ? 'fermé' : days.join(' ')
}

function capacityText(s: ServiceRow): string {
  const base = s.capacity === null ? 'sans limite' : `${s.capacity} places`
  return s.capacities.length > 0 ? `${base} (+ ${s.capacities.length} période(s))` : base
}

function ServicesTable({
  structure,
  canEdit,
  onEdit,
  onArchive,
}: {
  structure: StructureRow
  canEdit: boolean
  onEdit(service: ServiceRow): void
  onArchive(service: ServiceRow): void
}) {
  if (structure.services.length === 0)
    return (
      <Text size="sm" c="dimmed">
        Aucun service.
      </Text>
    )
  return (
    <Table striped withTableBorder aria-label={`Services de ${structure.name}`}>
      <Table.Thead>
        <Table.Tr>
          <Table.Th>Service</Table.Th>
          <Table.Th>Code</Table.Th>
          <Table.Th>Type</Table.Th>
          <Table.Th>Période scolaire</Table.Th>
          <Table.Th>Vacances</Table.Th>
          <Table.Th>Capacité</Table.Th>
          <Table.Th>Fréquentation</Table.Th>
          <Table.Th>Réservation / annulation</Table.Th>
          {canEdit && <Table.Th />}
        </Table.Tr>
      </Table.Thead>
      <Table.Tbody>
        {structure.services.map((s) => (
          <Table.Tr key={s.id} style={{ opacity: s.active ? 1 : 0.55 }}>
            <Table.Td>
              {s.name}
              {!s.active && (
                <Badge ml="xs" size="xs" color="gray">
                  Archivé
                </Badge>
              )}
            </Table.Td>
            <Table.Td>{s.code}</Table.Td>
            <Table.Td>{labelOf(SERVICE_KINDS, s.kind)}</Table.Td>
            <Table.Td style={{ whiteSpace: 'nowrap' }}>{daysText(s.termWeekdays)}</Table.Td>
            <Table.Td style={{ whiteSpace: 'nowrap' }}>{daysText(s.holidayWeekdays)}</Table.Td>
            <Table.Td>{capacityText(s)}</Table.Td>
            <Table.Td>{labelOf(ATTENDANCE_OPTIONS, s.attendance)}</Table.Td>
            <Table.Td>
              <Text size="xs">Réserver : {describeDeadline(s.bookingDeadline)}</Text>
              <Text size="xs">Annuler : {describeDeadline(s.cancelDeadline)}</Text>
            </Table.Td>
            {canEdit && (
              <Table.Td>
                <Group gap={4} wrap="nowrap">
                  <Button
                    size="compact-xs"
                    variant="light"
                    onClick={() => onEdit(s)}
                    aria-label={`Modifier ${s.name}`}
                  >
                    Modifier
                  </Button>
                  <Button
                    size="compact-xs"
                    variant="subtle"
                    color={s.active ? 'red' : 'teal'}
                    onClick={() => onArchive(s)}
                    aria-label={`${s.active ? 'Archiver' : 'Restaurer'} ${s.name}`}
                  >
                    {s.active ? 'Archiver' : 'Restaurer'}
                  </Button>
                </Group>
              </Table.Td>
            )}
          </Table.Tr>
        ))}
      </Table.Tbody>
    </Table>
  )
}

/** Calendrier → Structures et services. */
export function StructuresPanel() {
  const queryClient = useQueryClient()
  const canEdit = useCanEdit()
  const [archived, setArchived] = useState(false)
  const [editing, setEditing] = useState<Editing>(null)
  const structures = useQuery({
    queryKey: [...CALENDAR_KEY, 'structures', archived],
    queryFn: () => api.calendar.structures({ includeArchived: archived }),
  })
  const toggle = async (run: () => Promise<unknown>, message: string) => {
    try {
      await run()
      notifications.show({ color: 'teal', message })
    } catch (error) {
      notifications.show({ color: 'red', message: (error as Error).message })
    }
    await refreshCalendar(queryClient)
  }
  return (
    <Stack>
      <Group justify="space-between">
        <Text size="sm" c="dimmed">
          Chaque structure a sa zone de vacances scolaires ; chaque service ses jours d’ouverture, sa capacité
          et ses délais.
        </Text>
        <Group>
          <Switch
            label="Voir les archives"
            checked={archived}
            onChange={(e) => setArchived(e.currentTarget.checked)}
          />
          {canEdit && (
            <Button leftSection={<IconPlus size={16} />} onClick={() => setEditing({ what: 'structure' })}>
              Nouvelle structure
            </Button>
          )}
        </Group>
      </Group>
      {structures.isPending && <Loader />}
      {structures.isError && <Alert color="red">{structures.error.message}</Alert>}
      {structures.data?.length === 0 && (
        <Alert color="blue" icon={<IconBuildingCommunity />}>
          Aucune structure. Créez la première avec « Nouvelle structure » (réservé aux responsables).
        </Alert>
      )}
      {structures.data?.map((st) => (
        <Card
          key={st.id}
          withBorder
          component="section"
          aria-label={st.name}
          style={{ opacity: st.active ? 1 : 0.6 }}
        >
          <Group justify="space-between" mb="sm">
            <Group gap="xs">
              <Title order={3} size="h4">
                {st.name}
              </Title>
              <Badge variant="light">{labelOf(ZONE_OPTIONS, st.zone)}</Badge>
              {st.alsaceMoselle && <Badge variant="light">Alsace-Moselle</Badge>}
              {!st.active && <Badge color="gray">Archivée</Badge>}
            </Group>
            {canEdit && (
              <Group gap="xs">
                <Button
                  size="xs"
                  variant="light"
                  leftSection={<IconPlus size={14} />}
                  onClick={() => setEditing({ what: 'service', structure: st })}
                  disabled={!st.active}
                >
                  Nouveau service
                </Button>
                <Button
                  size="xs"
                  variant="default"
                  onClick={() => setEditing({ what: 'structure', structure: st })}
                >
                  Modifier la structure
                </Button>
                <Button
                  size="xs"
                  variant="subtle"
                  color={st.active ? 'red' : 'teal'}
                  onClick={() =>
                    toggle(
                      () =>
                        api.calendar.archiveStructure({ id: st.id, version: st.version, active: !st.active }),
                      st.active ? 'Structure archivée.' : 'Structure restaurée.',
                    )
                  }
                >
                  {st.active ? 'Archiver' : 'Restaurer'}
                </Button>
              </Group>
            )}
          </Group>
          <ServicesTable
            structure={st}
            canEdit={canEdit}
            onEdit={(service) => setEditing({ what: 'service', structure: st, service })}
            onArchive={(s) =>
              toggle(
                () => api.calendar.archiveService({ id: s.id, version: s.version, active: !s.active }),
                s.active ? 'Service archivé.' : 'Service restauré.',
              )
            }
          />
        </Card>
      ))}
      {editing?.what === 'structure' && (
        <StructureModal structure={editing.structure} onClose={() => setEditing(null)} />
      )}
      {editing?.what === 'service' && (
        <ServiceModal
          structure={editing.structure}
          service={editing.service}
          onClose={() => setEditing(null)}
        />
      )}
    </Stack>
  )
}
