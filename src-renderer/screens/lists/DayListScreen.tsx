import { ActionIcon, Alert, Group, Loader, Select, Stack, Tabs, Text, Title } from '@mantine/core'
import { addDays, mondayOf } from '@shared/domain/days'
import { dayInFrance, formatDay } from '@shared/format/date'
import { IconChevronLeft, IconChevronRight } from '@tabler/icons-react'
import { useQuery } from '@tanstack/react-query'
import { useSearchParams } from 'react-router'
import { api } from '../../api/client'
import { useDocumentTitle } from '../../app/useDocumentTitle'
import { DayField } from '../../fields/DayField'
import { FileButtons } from './FileButtons'
import { KitchenPanel } from './KitchenPanel'
import { listKeys } from './keys'
import { ListKeysHelp, ServiceAttendance } from './ServiceAttendance'
import './lists.css'

// « Journée »: the day's attendance lists and the kitchen's counts of a
// structure, from the agenda (docs/listes-du-jour.md). The choice of
// structure, day, service and tab is kept in the address.

function useChoice() {
  const [params, setParams] = useSearchParams()
  const set = (key: string, value: string | null) =>
    setParams((prev) => {
      const copy = new URLSearchParams(prev)
      if (value === null) copy.delete(key)
      else copy.set(key, value)
      return copy
    })
  return {
    structureId: Number(params.get('structure')) || null,
    date: params.get('jour') ?? dayInFrance(new Date()),
    serviceId: Number(params.get('service')) || null,
    tab: params.get('onglet') === 'cuisine' ? 'cuisine' : 'liste',
    set,
  }
}

function DayTab({
  structureId,
  date,
  serviceId,
}: {
  structureId: number
  date: string
  serviceId: number | null
}) {
  const list = useQuery({
    queryKey: listKeys.day(structureId, date, serviceId),
    queryFn: () => api.lists.day({ structureId, date, ...(serviceId ? { serviceId } : {}) }),
  })
  if (list.isPending) return <Loader size="sm" aria-label="Chargement de la liste" />
  if (list.isError) return <Alert color="red">{list.error.message}</Alert>
  const data = list.data
  return (
    <Stack gap="sm">
      <Group justify="space-between">
        <ListKeysHelp />
        <FileButtons
          label={`Liste du ${formatDay(date)}`}
          baseName={`liste-${date}`}
          fetchFile={(r) =>
            api.lists.dayFile({ structureId, date, ...(serviceId ? { serviceId } : {}), ...r })
          }
        />
      </Group>
      {!data.healthShown && (
        <Alert color="gray">
          PAI, allergies et régimes ne sont pas affichés : votre rôle ne permet pas de voir les données de
          santé.
        </Alert>
      )}
      {data.services.map((s) => (
        <ServiceAttendance key={s.serviceId} list={data} service={s} />
      ))}
    </Stack>
  )
}

function KitchenTab({ structureId, date }: { structureId: number; date: string }) {
  const from = mondayOf(date)
  const to = addDays(from, 4)
  const count = useQuery({
    queryKey: listKeys.kitchen(structureId, from, to),
    queryFn: () => api.lists.kitchen({ structureId, from, to }),
  })
  if (count.isPending) return <Loader size="sm" aria-label="Chargement des repas" />
  if (count.isError) return <Alert color="red">{count.error.message}</Alert>
  return (
    <Stack gap="sm">
      <Group justify="space-between">
        <Text size="sm">
          Semaine du {formatDay(from)} au {formatDay(to)}
        </Text>
        <FileButtons
          label={`Repas du ${formatDay(from)} au ${formatDay(to)}`}
          baseName={`cuisine-${from}`}
          fetchFile={(r) => api.lists.kitchenFile({ structureId, from, to, ...r })}
        />
      </Group>
      <KitchenPanel count={count.data} />
    </Stack>
  )
}

export function DayListScreen() {
  useDocumentTitle('Journée')
  const choice = useChoice()
  const structures = useQuery({ queryKey: listKeys.structures(), queryFn: () => api.lists.structures({}) })
  const structureId = choice.structureId ?? structures.data?.[0]?.id ?? null
  const services = structures.data?.find((s) => s.id === structureId)?.services ?? []
  return (
    <Stack gap="sm">
      <Title order={2}>Journée</Title>
      <Group gap="sm" align="flex-end" className="no-print">
        <Select
          label="Structure"
          w={320}
          data={(structures.data ?? []).map((s) => ({ value: String(s.id), label: s.name }))}
          value={structureId ? String(structureId) : null}
          onChange={(v) => choice.set('structure', v)}
          allowDeselect={false}
        />
        <Group gap={4} align="flex-end">
          <ActionIcon
            variant="default"
            size="lg"
            aria-label="Jour précédent"
            onClick={() => choice.set('jour', addDays(choice.date, -1))}
          >
            <IconChevronLeft size={16} />
          </ActionIcon>
          <DayField
            label="Jour"
            w={150}
            value={choice.date}
            onChange={(v) => v && /^\d{4}-\d{2}-\d{2}$/.test(v) && choice.set('jour', v)}
          />
          <ActionIcon
            variant="default"
            size="lg"
            aria-label="Jour suivant"
            onClick={() => choice.set('jour', addDays(choice.date, 1))}
          >
            <IconChevronRight size={16} />
          </ActionIcon>
        </Group>
        <Select
          label="Service"
          w={260}
          placeholder="Tous les services"
          clearable
          data={services.map((s) => ({ value: String(s.id), label: s.name }))}
          value={choice.serviceId ? String(choice.serviceId) : null}
          onChange={(v) => choice.set('service', v)}
        />
      </Group>
      {structures.isPending && <Loader size="sm" />}
      {structures.data && structures.data.length === 0 && (
        <Alert color="gray">Aucune structure : créez-en une dans Calendrier → Structures et services.</Alert>
      )}
      {structureId && (
        <Tabs
          value={choice.tab}
          onChange={(v) => choice.set('onglet', v === 'cuisine' ? 'cuisine' : null)}
          keepMounted={false}
        >
          <Tabs.List className="no-print">
            <Tabs.Tab value="liste">Liste du jour et pointage</Tabs.Tab>
            <Tabs.Tab value="cuisine">Repas pour la cuisine</Tabs.Tab>
          </Tabs.List>
          <Tabs.Panel value="liste" pt="sm">
            <DayTab structureId={structureId} date={choice.date} serviceId={choice.serviceId} />
          </Tabs.Panel>
          <Tabs.Panel value="cuisine" pt="sm">
            <KitchenTab structureId={structureId} date={choice.date} />
          </Tabs.Panel>
        </Tabs>
      )}
    </Stack>
  )
}
