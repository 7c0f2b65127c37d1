import {
  Alert,
  Badge,
  Button,
  Checkbox,
  Group,
  Loader,
  Modal,
  Stack,
  Table,
  Text,
  TextInput,
} from '@mantine/core'
import type { AgendaOutcome } from '@shared/contract/agenda'
import { type AgendaAction, agendaState } from '@shared/domain/agenda'
import { formatDay } from '@shared/format/date'
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query'
import { useState } from 'react'
import { announceChange } from '../../api/changes'
import { api } from '../../api/client'
import { actionLabel } from './actions'

/** What staff asked on the grid: one action on some dates of one child's service. */
export interface ActionTarget {
  childId: number
  familyId: number | null
  serviceId: number
  /** « Repas · DUPONT Léa ». */
  title: string
  dates: string[]
  action: AgendaAction
}

const OUTCOME: Record<AgendaOutcome['outcome'], { label: string; color: string }> = {
  applied: { label: 'Fait', color: 'teal' },
  unchanged: { label: 'Déjà ainsi', color: 'gray' },
  refused: { label: 'Refusé', color: 'red' },
  waitlisted: { label: 'Liste d’attente', color: 'yellow' },
}

const stateText = (state: string | null) =>
  state ? agendaState(state as Parameters<typeof agendaState>[0]).label : '—'

function Outcomes({ outcomes }: { outcomes: AgendaOutcome[] }) {
  return (
    <Table withTableBorder aria-label="Résultat par date">
      <Table.Thead>
        <Table.Tr>
          <Table.Th>Date</Table.Th>
          <Table.Th>Résultat</Table.Th>
          <Table.Th>État</Table.Th>
          <Table.Th>Motif</Table.Th>
        </Table.Tr>
      </Table.Thead>
      <Table.Tbody>
        {outcomes.map((o) => (
          <Table.Tr key={o.date}>
            <Table.Td>{formatDay(o.date)}</Table.Td>
            <Table.Td>
              <Badge color={OUTCOME[o.outcome].color} variant="light">
                {OUTCOME[o.outcome].label}
              </Badge>
            </Table.Td>
            <Table.Td>{stateText(o.state)}</Table.Td>
            <Table.Td>
              <Text size="sm">{o.reason ?? ''}</Text>
            </Table.Td>
          </Table.Tr>
        ))}
      </Table.Tbody>
    </Table>
  )
}

/**
 * Before acting: each date with its state, its deadline (on time or not)
 * and the places left; the motif, justification or late reason the action
 * needs; then the outcome per date, in French, as the back-end decided it.
 */
export function ActionModal({ target, onClose }: { target: ActionTarget | null; onClose(): void }) {
  return (
    <Modal
      opened={target !== null}
      onClose={onClose}
      size="lg"
      title={target ? `${actionLabel(target.action)} · ${target.title}` : ''}
    >
      {target && (
        <ActionBody
          key={`${target.serviceId}-${target.action}-${target.dates.join()}`}
          target={target}
          onClose={onClose}
        />
      )}
    </Modal>
  )
}

function ActionBody({ target, onClose }: { target: ActionTarget; onClose(): void }) {
  const client = useQueryClient()
  const [motif, setMotif] = useState('')
  const [justification, setJustification] = useState('')
  const [lateReason, setLateReason] = useState('')
  const [waitlist, setWaitlist] = useState(false)
  const base = {
    childId: target.childId,
    serviceId: target.serviceId,
    dates: target.dates,
    action: target.action,
  }
  const assessed = useQuery({ queryKey: ['agenda-assess', base], queryFn: () => api.agenda.assess(base) })
  const act = useMutation({
    mutationFn: () =>
      api.agenda.act({
        ...base,
        ...(motif.trim() ? { motif: motif.trim() } : {}),
        ...(justification.trim() ? { justification: justification.trim() } : {}),
        ...(lateReason.trim() ? { lateReason: lateReason.trim() } : {}),
        ...(waitlist ? { waitlist: true } : {}),
      }),
    onSuccess: () =>
      Promise.all([
        client.invalidateQueries({ queryKey: ['child', target.childId] }),
        client.invalidateQueries({ queryKey: ['agenda-service'] }),
        announceChange(client, { familyId: target.familyId, childId: target.childId }),
      ]),
  })
  const days = assessed.data ?? []
  const late = days.some((d) => !d.onTime)
  const full = target.action === 'reserve' && days.some((d) => d.placesLeft !== null && d.placesLeft <= 0)

  if (act.data)
    return (
      <Stack>
        <Outcomes outcomes={act.data.outcomes} />
        <Group justify="flex-end">
          <Button onClick={onClose} data-autofocus>
            Fermer
          </Button>
        </Group>
      </Stack>
    )

  return (
    <form
      onSubmit={(e) => {
        e.preventDefault()
        act.mutate()
      }}
    >
      <Stack>
        {assessed.isPending && <Loader size="sm" />}
        {assessed.isError && <Alert color="red">{assessed.error.message}</Alert>}
        {days.length > 0 && (
          <Table withTableBorder aria-label="Dates choisies">
            <Table.Thead>
              <Table.Tr>
                <Table.Th>Date</Table.Th>
                <Table.Th>État actuel</Table.Th>
                <Table.Th>Délai</Table.Th>
                <Table.Th>Places restantes</Table.Th>
              </Table.Tr>
            </Table.Thead>
            <Table.Tbody>
              {days.map((d) => (
                <Table.Tr key={d.date}>
                  <Table.Td>{formatDay(d.date)}</Table.Td>
                  <Table.Td>{stateText(d.state)}</Table.Td>
                  <Table.Td>
                    {d.blocked ? (
                      <Text size="sm" c="red">
                        {d.blocked}
                      </Text>
                    ) : (
                      <Group gap={4}>
                        <Badge color={d.onTime ? 'teal' : 'orange'} variant="light">
                          {d.onTime ? 'Dans les délais' : 'Hors délai'}
                        </Badge>
                        {d.deadline && <Text size="xs">{d.deadline}</Text>}
                      </Group>
                    )}
                  </Table.Td>
                  <Table.Td>{d.placesLeft === null ? 'sans limite' : d.placesLeft}</Table.Td>
                </Table.Tr>
              ))}
            </Table.Tbody>
          </Table>
        )}
        {target.action === 'absence' && (
          <TextInput
            label="Motif de l’absence"
            value={motif}
            onChange={(e) => setMotif(e.currentTarget.value)}
          />
        )}
        {target.action === 'justify' && (
          <TextInput
            label="Justificatif (certificat médical…)"
            value={justification}
            onChange={(e) => setJustification(e.currentTarget.value)}
            data-autofocus
          />
        )}
        {late && (
          <TextInput
            label="Motif pour accepter hors délai"
            description="Demandé quand le service laisse les retards à l’appréciation des agents ; inscrit au journal."
            value={lateReason}
            onChange={(e) => setLateReason(e.currentTarget.value)}
          />
        )}
        {full && (
          <Checkbox
            label="Complet : mettre en liste d’attente (Demande en attente)"
            checked={waitlist}
            onChange={(e) => setWaitlist(e.currentTarget.checked)}
          />
        )}
        {act.isError && (
          <Alert color="red" role="alert">
            {act.error.message}
          </Alert>
        )}
        <Group justify="flex-end">
          <Button variant="default" onClick={onClose}>
            Annuler
          </Button>
          <Button type="submit" loading={act.isPending} data-autofocus={target.action !== 'justify'}>
            {actionLabel(target.action).split(' (')[0]} ({target.dates.length} jour
            {target.dates.length > 1 ? 's' : ''})
          </Button>
        </Group>
      </Stack>
    </form>
  )
}
