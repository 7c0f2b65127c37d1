import { Alert, Button, Group, Loader, Modal, Select, Stack, Table, Text } from '@mantine/core'
import type { EnrolmentView } from '@shared/contract/agenda'
import type { ChildFile } from '@shared/contract/children'
import { maskLabel } from '@shared/domain/days'
import { dayInFrance, formatDay } from '@shared/format/date'
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query'
import { useState } from 'react'
import { api } from '../../api/client'
import { DayField } from '../../fields/DayField'
import { WeekdaysInput } from './EnrolmentForm'

const STATES = [
  { value: 'validee', label: 'Validée' },
  { value: 'en_attente', label: 'En attente' },
  { value: 'refusee', label: 'Refusée' },
  { value: 'terminee', label: 'Terminée' },
]
const stateLabel = (s: string) => STATES.find((x) => x.value === s)?.label ?? s

type Dialog = { kind: 'add' } | { kind: 'change'; row: EnrolmentView } | { kind: 'end'; row: EnrolmentView }

interface Draft {
  serviceId: string | null
  from: string | null
  endsOn: string | null
  weekdays: number
  alternateFrom: string | null
  state: string
}

function EnrolmentDialog({ child, dialog, onClose }: { child: ChildFile; dialog: Dialog; onClose(): void }) {
  const client = useQueryClient()
  const today = dayInFrance(new Date())
  const row = dialog.kind === 'add' ? null : dialog.row
  const [d, setD] = useState<Draft>({
    serviceId: row ? String(row.serviceId) : null,
    from: dialog.kind === 'end' ? (row?.endsOn ?? today) : today,
    endsOn: row?.endsOn ?? null,
    weekdays: row?.weekdays ?? 0,
    alternateFrom: row?.alternateFrom ?? null,
    state: row?.state ?? 'validee',
  })
  const set = (patch: Partial<Draft>) => setD((x) => ({ ...x, ...patch }))
  const structures = useQuery({
    queryKey: ['calendar', 'structures'],
    queryFn: () => api.calendar.structures({}),
  })
  const save = useMutation({
    mutationFn: async () => {
      if (dialog.kind === 'add')
        return api.agenda['enrolments/create']({
          childId: child.id,
          serviceId: Number(d.serviceId),
          startsOn: d.from ?? '',
          endsOn: d.endsOn,
          weekdays: d.weekdays,
          alternateFrom: d.alternateFrom,
          state: d.state as EnrolmentView['state'],
        })
      if (dialog.kind === 'change')
        return api.agenda['enrolments/change']({
          enrolmentId: dialog.row.id,
          version: dialog.row.version,
          from: d.from ?? '',
          weekdays: d.weekdays,
          alternateFrom: d.alternateFrom,
          endsOn: d.endsOn,
          state: d.state as EnrolmentView['state'],
        })
      return api.agenda['enrolments/end']({
        enrolmentId: dialog.row.id,
        version: dialog.row.version,
        endsOn: d.from ?? '',
      })
    },
    onSuccess: async () => {
      await client.invalidateQueries({ queryKey: ['child', child.id] })
      onClose()
    },
  })
  const title = {
    add: 'Nouvelle inscription',
    change: `Changer l’inscription à ${row?.serviceName} à partir d’une date`,
    end: `Terminer l’inscription à ${row?.serviceName}`,
  }[dialog.kind]
  return (
    <Modal opened onClose={onClose} title={title} size="lg">
      <form
        onSubmit={(e) => {
          e.preventDefault()
          save.mutate()
        }}
      >
        <Stack>
          {dialog.kind === 'add' && (
            <Select
              label="Service"
              required
              data={
                structures.data?.map((s) => ({
                  group: s.name,
                  items: s.services
                    .filter((x) => x.active)
                    .map((x) => ({ value: String(x.id), label: `${x.name} (${x.code})` })),
                })) ?? []
              }
              value={d.serviceId}
              onChange={(v) => set({ serviceId: v })}
              searchable
              data-autofocus
            />
          )}
          <DayField
            label={{ add: 'Début', change: 'À partir du', end: 'Dernier jour' }[dialog.kind]}
            description={
              dialog.kind === 'change'
                ? 'Les jours d’avant gardent l’ancienne semaine type.'
                : dialog.kind === 'end'
                  ? 'L’inscription s’arrête le soir de ce jour.'
                  : undefined
            }
            required
            value={d.from}
            onChange={(v) => set({ from: v })}
          />
          {dialog.kind !== 'end' && (
            <>
              <DayField label="Fin (facultative)" value={d.endsOn} onChange={(v) => set({ endsOn: v })} />
              <WeekdaysInput value={d.weekdays} onChange={(weekdays) => set({ weekdays })} />
              <DayField
                label="Une semaine sur deux à partir du (facultatif)"
                description="Vide : chaque semaine."
                value={d.alternateFrom}
                onChange={(v) => set({ alternateFrom: v })}
              />
              <Select
                label="État"
                data={STATES}
                value={d.state}
                onChange={(v) => v && set({ state: v })}
                allowDeselect={false}
              />
            </>
          )}
          {save.isError && (
            <Alert color="red" role="alert">
              {save.error.message}
            </Alert>
          )}
          <Group justify="flex-end">
            <Button variant="default" onClick={onClose}>
              Annuler
            </Button>
            <Button type="submit" loading={save.isPending}>
              Enregistrer
            </Button>
          </Group>
        </Stack>
      </form>
    </Modal>
  )
}

/** The child's enrolments (onglet Inscriptions): list, add, change from a date, end. */
export function EnrolmentsPanel({ child }: { child: ChildFile }) {
  const [dialog, setDialog] = useState<Dialog | null>(null)
  const list = useQuery({
    queryKey: ['child', child.id, 'enrolments'],
    queryFn: () => api.agenda['enrolments/list']({ childId: child.id }),
  })
  return (
    <Stack gap="sm">
      <Group>
        <Button onClick={() => setDialog({ kind: 'add' })}>Ajouter une inscription</Button>
      </Group>
      {list.isPending && <Loader size="sm" />}
      {list.isError && <Alert color="red">{list.error.message}</Alert>}
      {list.data && list.data.length === 0 && <Text c="dimmed">Aucune inscription.</Text>}
      {list.data && list.data.length > 0 && (
        <Table withTableBorder striped aria-label="Inscriptions">
          <Table.Thead>
            <Table.Tr>
              <Table.Th>Structure</Table.Th>
              <Table.Th>Service</Table.Th>
              <Table.Th>Du</Table.Th>
              <Table.Th>Au</Table.Th>
              <Table.Th>Jours réguliers</Table.Th>
              <Table.Th>État</Table.Th>
              <Table.Th />
            </Table.Tr>
          </Table.Thead>
          <Table.Tbody>
            {list.data.map((e) => (
              <Table.Tr key={e.id}>
                <Table.Td>{e.structureName}</Table.Td>
                <Table.Td>
                  {e.serviceName} ({e.serviceCode})
                </Table.Td>
                <Table.Td>{formatDay(e.startsOn)}</Table.Td>
                <Table.Td>{e.endsOn ? formatDay(e.endsOn) : '—'}</Table.Td>
                <Table.Td>
                  {e.weekdays === 0 ? 'aucun (sur réservation)' : maskLabel(e.weekdays)}
                  {e.alternateFrom ? `, une semaine sur deux à partir du ${formatDay(e.alternateFrom)}` : ''}
                </Table.Td>
                <Table.Td>{stateLabel(e.state)}</Table.Td>
                <Table.Td>
                  <Group gap={4} wrap="nowrap">
                    <Button
                      size="compact-xs"
                      variant="light"
                      onClick={() => setDialog({ kind: 'change', row: e })}
                    >
                      Changer à partir du…
                    </Button>
                    <Button
                      size="compact-xs"
                      variant="light"
                      color="red"
                      onClick={() => setDialog({ kind: 'end', row: e })}
                    >
                      Terminer
                    </Button>
                  </Group>
                </Table.Td>
              </Table.Tr>
            ))}
          </Table.Tbody>
        </Table>
      )}
      {dialog && <EnrolmentDialog child={child} dialog={dialog} onClose={() => setDialog(null)} />}
    </Stack>
  )
}
