import { Alert, Badge, Button, Group, Paper, Select, Table, Text, Title } from '@mantine/core'
import type { DayList, DayListService } from '@shared/contract/lists'
import { formatInstant } from '@shared/format/date'
import { useMutation, useQueryClient } from '@tanstack/react-query'
import { Fragment, useRef, useState } from 'react'
import { api } from '../../api/client'
import { AttendanceRow, type MarkChange } from './AttendanceRow'
import { nowTime } from './files'
import { listKeys } from './keys'

/** The list's groups: school and class, as the animateurs call the children. */
const groupOf = (child: { school: string | null; classLevel: string | null } | undefined) =>
  child
    ? [child.school, child.classLevel].filter(Boolean).join(' · ') || 'École et classe non renseignées'
    : null

const EVENING_KINDS = ['accueil_soir', 'accueil_loisirs', 'mercredi', 'periscolaire']

/** The keys of the list, shown above it. */
export function ListKeysHelp() {
  return (
    <Text size="xs" c="dimmed" className="no-print">
      Clavier, sur une ligne : ↑ ↓ changer d’enfant · P présent · A absent · Suppr effacer · E arrivée
      maintenant · D départ maintenant
    </Text>
  )
}

/** One service of the day's list: its counts against capacity, its children and their marks. */
export function ServiceAttendance({ list, service }: { list: DayList; service: DayListService }) {
  const queryClient = useQueryClient()
  const rows = useRef<(HTMLTableRowElement | null)[]>([])
  const [error, setError] = useState<string | null>(null)
  const [walkIn, setWalkIn] = useState<string | null>(null)
  const evening = EVENING_KINDS.includes(service.kind)
  const refresh = () => queryClient.invalidateQueries({ queryKey: listKeys.all })
  const mark = useMutation({
    mutationFn: (input: { childId: number; change: MarkChange }) => {
      const current = service.children.find((c) => c.childId === input.childId)?.mark
      return api.lists.mark({
        childId: input.childId,
        serviceId: service.serviceId,
        date: list.date,
        presence:
          input.change.presence !== undefined ? input.change.presence : (current?.presence ?? 'present'),
        arrivedAt:
          input.change.arrivedAt !== undefined ? input.change.arrivedAt : (current?.arrivedAt ?? null),
        leftAt: input.change.leftAt !== undefined ? input.change.leftAt : (current?.leftAt ?? null),
        pickedUpBy:
          input.change.pickedUpBy !== undefined ? input.change.pickedUpBy : (current?.pickedUpBy ?? null),
        ...(input.change.pickedUpName ? { pickedUpName: input.change.pickedUpName } : {}),
        ...(current ? { version: current.version } : {}),
      })
    },
    onMutate: () => setError(null),
    onError: (e) => setError(e.message),
    onSettled: refresh,
  })
  const resolve = useMutation({
    mutationFn: (input: { childId: number; outcome: 'absent_facture' | 'absent_execute' }) =>
      api.lists.resolveAbsence({ ...input, serviceId: service.serviceId, date: list.date }),
    onError: (e) => setError(e.message),
    onSettled: refresh,
  })
  const validate = useMutation({
    mutationFn: (validated: boolean) =>
      api.lists.validateDay({ serviceId: service.serviceId, date: list.date, validated }),
    onError: (e) => setError(e.message),
    onSettled: refresh,
  })

  const onKey = (index: number) => (event: React.KeyboardEvent<HTMLTableRowElement>) => {
    if (event.target !== event.currentTarget) return
    const child = service.children[index]
    const act = (change: MarkChange) => {
      event.preventDefault()
      mark.mutate({ childId: child.childId, change })
    }
    switch (event.key) {
      case 'ArrowDown':
        event.preventDefault()
        rows.current[index + 1]?.focus()
        break
      case 'ArrowUp':
        event.preventDefault()
        rows.current[index - 1]?.focus()
        break
      case 'p':
      case 'P':
        act({ presence: 'present' })
        break
      case 'a':
      case 'A':
        act({ presence: 'absent' })
        break
      case 'Delete':
      case 'Backspace':
        act({ presence: null })
        break
      case 'e':
      case 'E':
        if (evening) act({ presence: 'present', arrivedAt: nowTime() })
        break
      case 'd':
      case 'D':
        if (evening) act({ presence: 'present', leftAt: nowTime() })
        break
    }
  }

  const over = service.capacity !== null && service.expected > service.capacity
  return (
    <Paper withBorder p="sm" component="section" aria-label={service.name} className="list-service">
      <Group justify="space-between" mb="xs">
        <Group gap="xs">
          <Title order={3} size="h4">
            {service.name}
          </Title>
          <Badge color={over ? 'red' : 'gray'} variant="light" size="lg">
            {service.expected} attendu(s){service.capacity === null ? '' : ` / ${service.capacity} places`}
          </Badge>
          <Badge color="teal" variant="light">
            {service.present} présent(s)
          </Badge>
          <Badge color="orange" variant="light">
            {service.absent} absent(s)
          </Badge>
          {!service.open && (
            <Badge color="dark">Fermé{service.calendarLabel ? ` : ${service.calendarLabel}` : ''}</Badge>
          )}
        </Group>
        <Group gap="xs" className="no-print">
          {service.validatedAt ? (
            <>
              <Text size="xs" c="teal.8">
                Journée validée le {formatInstant(service.validatedAt)}
              </Text>
              <Button size="xs" variant="subtle" onClick={() => validate.mutate(false)}>
                Rouvrir
              </Button>
            </>
          ) : (
            <Button
              size="xs"
              variant="light"
              color="teal"
              loading={validate.isPending}
              onClick={() => validate.mutate(true)}
            >
              Valider la journée
            </Button>
          )}
        </Group>
      </Group>
      {service.validatedAt && (
        <Text size="xs" c="dimmed" mb="xs">
          Journée validée : les enfants attendus sans pointage comptent comme présents.
        </Text>
      )}
      {error && (
        <Alert color="red" role="alert" mb="xs" withCloseButton onClose={() => setError(null)}>
          {error}
        </Alert>
      )}
      {service.children.length === 0 ? (
        <Text size="sm" c="dimmed">
          Aucun enfant attendu.
        </Text>
      ) : (
        <Table.ScrollContainer minWidth={900}>
          <Table striped withTableBorder verticalSpacing={4} className="list-table">
            <Table.Thead>
              <Table.Tr>
                <Table.Th>Enfant</Table.Th>
                <Table.Th>Peuvent le récupérer</Table.Th>
                <Table.Th>Interdits de le récupérer</Table.Th>
                <Table.Th>Urgence</Table.Th>
                <Table.Th>Présence</Table.Th>
                {evening && <Table.Th>Heures</Table.Th>}
                {evening && <Table.Th>Récupéré par</Table.Th>}
              </Table.Tr>
            </Table.Thead>
            <Table.Tbody>
              {service.children.map((child, index) => (
                <Fragment key={child.childId}>
                  {groupOf(child) !== groupOf(service.children[index - 1]) && (
                    <Table.Tr className="list-group">
                      <Table.Td colSpan={evening ? 7 : 5}>
                        <Text size="xs" fw={700} tt="uppercase" c="dimmed">
                          {groupOf(child)}
                        </Text>
                      </Table.Td>
                    </Table.Tr>
                  )}
                  <AttendanceRow
                    child={child}
                    healthShown={list.healthShown}
                    evening={evening}
                    busy={mark.isPending}
                    onMark={(change) => mark.mutate({ childId: child.childId, change })}
                    onResolve={(outcome) => resolve.mutate({ childId: child.childId, outcome })}
                    rowRef={(el) => {
                      rows.current[index] = el
                    }}
                    onKeyDown={onKey(index)}
                  />
                </Fragment>
              ))}
            </Table.Tbody>
          </Table>
        </Table.ScrollContainer>
      )}
      {service.others.length > 0 && (
        <Group gap="xs" mt="xs" className="no-print">
          <Select
            size="xs"
            w={280}
            searchable
            aria-label="Enfant non prévu"
            placeholder="Enfant non prévu présent…"
            data={service.others.map((o) => ({
              value: String(o.childId),
              label: `${o.lastName} ${o.firstName}`,
            }))}
            value={walkIn}
            onChange={setWalkIn}
          />
          <Button
            size="xs"
            variant="default"
            disabled={walkIn === null}
            onClick={() => {
              if (walkIn) mark.mutate({ childId: Number(walkIn), change: { presence: 'present' } })
              setWalkIn(null)
            }}
          >
            Noter présent
          </Button>
        </Group>
      )}
    </Paper>
  )
}
