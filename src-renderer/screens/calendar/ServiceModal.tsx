import {
  ActionIcon,
  Button,
  Checkbox,
  Divider,
  Group,
  Input,
  Modal,
  NumberInput,
  Select,
  SimpleGrid,
  Stack,
  Text,
  TextInput,
} from '@mantine/core'
import {
  ATTENDANCE_OPTIONS,
  type CapacityRange,
  LATE_POLICY_OPTIONS,
  SERVICE_KINDS,
  type ServiceRow,
  type StructureRow,
  UNPLANNED_OPTIONS,
} from '@shared/contract/calendar'
import type { DeadlineRule } from '@shared/domain/deadlines'
import { IconPlus, IconTrash } from '@tabler/icons-react'
import { useQueryClient } from '@tanstack/react-query'
import { useState } from 'react'
import { api } from '../../api/client'
import { SaveFailure } from '../../components/SaveFailure'
import { useAction } from '../../components/useAction'
import { DayField } from '../../fields/DayField'
import { DeadlineField } from './DeadlineField'
import { refreshCalendar } from './keys'
import { WeekdaysField } from './WeekdaysField'

const MONDAY_TO_FRIDAY = 1 | 2 | 4 | 8 | 16

interface Draft {
  name: string
  code: string
  kind: ServiceRow['kind']
  termWeekdays: number
  holidayWeekdays: number
  capacity: number | null
  capacities: { startsOn: string | null; endsOn: string | null; capacity: number | null }[]
  attendance: ServiceRow['attendance']
  bookingDeadline: DeadlineRule | null
  cancelDeadline: DeadlineRule | null
  latePolicy: ServiceRow['latePolicy']
  billsLateAbsence: boolean
  justificationDays: number
  unplannedState: ServiceRow['unplannedState']
}

function draftOf(service?: ServiceRow): Draft {
  if (service)
    return {
      ...service,
      capacities: service.capacities.map((c: CapacityRange) => ({ ...c })),
    }
  return {
    name: '',
    code: '',
    kind: 'periscolaire',
    termWeekdays: MONDAY_TO_FRIDAY,
    holidayWeekdays: 0,
    capacity: null,
    capacities: [],
    attendance: 'regulier',
    bookingDeadline: null,
    cancelDeadline: null,
    latePolicy: 'staff',
    billsLateAbsence: true,
    justificationDays: 3,
    unplannedState: 'heure_hors_contrat',
  }
}

const numberOrNull = (v: string | number) => (typeof v === 'number' ? v : v.trim() === '' ? null : Number(v))

/** Creates or edits a service of a structure: opening days, capacity, attendance, deadlines, late absences. */
export function ServiceModal({
  structure,
  service,
  onClose,
}: {
  structure: StructureRow
  service?: ServiceRow
  onClose(): void
}) {
  const queryClient = useQueryClient()
  const action = useAction()
  const [d, setDraft] = useState<Draft>(() => draftOf(service))
  const set = <K extends keyof Draft>(key: K, value: Draft[K]) =>
    setDraft((old) => ({ ...old, [key]: value }))
  const save = async () => {
    const done = await action.run(
      () =>
        api.calendar.saveService({
          ...(service ? { id: service.id, version: service.version } : {}),
          structureId: structure.id,
          name: d.name,
          code: d.code,
          kind: d.kind,
          termWeekdays: d.termWeekdays,
          holidayWeekdays: d.holidayWeekdays,
          capacity: d.capacity,
          capacities: d.capacities.map((c) => ({
            startsOn: c.startsOn ?? '',
            endsOn: c.endsOn ?? '',
            capacity: c.capacity,
          })),
          attendance: d.attendance,
          bookingDeadline: d.bookingDeadline,
          cancelDeadline: d.cancelDeadline,
          latePolicy: d.latePolicy,
          billsLateAbsence: d.billsLateAbsence,
          justificationDays: d.justificationDays,
          unplannedState: d.unplannedState,
        }),
      service ? 'Service enregistré.' : 'Service créé.',
    )
    if (done) {
      await refreshCalendar(queryClient)
      onClose()
    }
  }
  return (
    <Modal
      opened
      onClose={onClose}
      size="xl"
      title={
        service ? `Service « ${service.name} » — ${structure.name}` : `Nouveau service — ${structure.name}`
      }
    >
      <form
        onSubmit={(e) => {
          e.preventDefault()
          void save()
        }}
      >
        <Stack>
          {action.failure !== null && (
            <SaveFailure
              error={action.failure}
              onReload={() => void refreshCalendar(queryClient).then(onClose)}
            />
          )}
          <SimpleGrid cols={3}>
            <TextInput
              label="Nom du service"
              withAsterisk
              value={d.name}
              onChange={(e) => set('name', e.currentTarget.value)}
              data-autofocus
            />
            <TextInput
              label="Code"
              description="Sans espace : PERI-MATIN"
              withAsterisk
              value={d.code}
              onChange={(e) => set('code', e.currentTarget.value)}
            />
            <Select
              label="Type de service"
              data={SERVICE_KINDS.map((k) => ({ ...k }))}
              value={d.kind}
              allowDeselect={false}
              onChange={(v) => v && set('kind', v as Draft['kind'])}
            />
          </SimpleGrid>
          <WeekdaysField
            label="Jours d’ouverture en période scolaire"
            value={d.termWeekdays}
            onChange={(m) => set('termWeekdays', m)}
          />
          <WeekdaysField
            label="Jours d’ouverture pendant les vacances"
            description="Aucun jour coché : fermé pendant les vacances scolaires (périscolaire). Un accueil de loisirs n’ouvre que pendant les vacances."
            value={d.holidayWeekdays}
            onChange={(m) => set('holidayWeekdays', m)}
          />
          <Divider label="Capacité" labelPosition="left" />
          <NumberInput
            label="Capacité par jour"
            description="Vide : sans limite."
            min={0}
            w={200}
            value={d.capacity ?? ''}
            onChange={(v) => set('capacity', numberOrNull(v))}
          />
          <Input.Wrapper
            label="Capacités sur une période"
            description="Une autre capacité du … au … (travaux, été)."
          >
            <Stack gap="xs" mt={4}>
              {d.capacities.map((c, i) => (
                // biome-ignore lint/suspicious/noArrayIndexKey: rows have no identity until saved
                <Group key={i} gap="xs" align="flex-end">
                  <DayField
                    label="Du"
                    value={c.startsOn}
                    onChange={(v) =>
                      set(
                        'capacities',
                        d.capacities.map((x, j) => (j === i ? { ...x, startsOn: v } : x)),
                      )
                    }
                  />
                  <DayField
                    label="Au"
                    value={c.endsOn}
                    onChange={(v) =>
                      set(
                        'capacities',
                        d.capacities.map((x, j) => (j === i ? { ...x, endsOn: v } : x)),
                      )
                    }
                  />
                  <NumberInput
                    label="Places"
                    min={0}
                    w={100}
                    value={c.capacity ?? ''}
                    onChange={(v) =>
                      set(
                        'capacities',
                        d.capacities.map((x, j) => (j === i ? { ...x, capacity: numberOrNull(v) } : x)),
                      )
                    }
                  />
                  <ActionIcon
                    variant="subtle"
                    color="red"
                    size="lg"
                    aria-label={`Retirer la période ${i + 1}`}
                    onClick={() =>
                      set(
                        'capacities',
                        d.capacities.filter((_, j) => j !== i),
                      )
                    }
                  >
                    <IconTrash size={16} />
                  </ActionIcon>
                </Group>
              ))}
              <Group>
                <Button
                  size="xs"
                  variant="light"
                  leftSection={<IconPlus size={14} />}
                  onClick={() =>
                    set('capacities', [...d.capacities, { startsOn: null, endsOn: null, capacity: null }])
                  }
                >
                  Ajouter une période
                </Button>
              </Group>
            </Stack>
          </Input.Wrapper>
          <Divider label="Fréquentation et délais" labelPosition="left" />
          <SimpleGrid cols={2}>
            <Select
              label="Fréquentation"
              data={ATTENDANCE_OPTIONS.map((o) => ({ ...o }))}
              value={d.attendance}
              allowDeselect={false}
              onChange={(v) => v && set('attendance', v as Draft['attendance'])}
            />
            <Select
              label="Présence sans réservation"
              description="L’état d’un enfant présent un jour où rien n’était prévu."
              data={UNPLANNED_OPTIONS.map((o) => ({ ...o }))}
              value={d.unplannedState}
              allowDeselect={false}
              onChange={(v) => v && set('unplannedState', v as Draft['unplannedState'])}
            />
          </SimpleGrid>
          <DeadlineField
            label="Délai de réservation"
            value={d.bookingDeadline}
            onChange={(r) => set('bookingDeadline', r)}
          />
          <DeadlineField
            label="Délai d’annulation"
            value={d.cancelDeadline}
            onChange={(r) => set('cancelDeadline', r)}
          />
          <SimpleGrid cols={2}>
            <Select
              label="Demande hors délai"
              data={LATE_POLICY_OPTIONS.map((o) => ({ ...o }))}
              value={d.latePolicy}
              allowDeselect={false}
              onChange={(v) => v && set('latePolicy', v as Draft['latePolicy'])}
            />
            <NumberInput
              label="Délai de justification (jours)"
              description="Un justificatif reçu dans ce délai rend l’absence non facturée."
              min={0}
              max={365}
              value={d.justificationDays}
              onChange={(v) => set('justificationDays', typeof v === 'number' ? v : 0)}
            />
          </SimpleGrid>
          <Checkbox
            label="Absence hors délai facturée (Absent facturé, sauf justificatif)"
            checked={d.billsLateAbsence}
            onChange={(e) => set('billsLateAbsence', e.currentTarget.checked)}
          />
          <Text size="xs" c="dimmed">
            Les délais sont vérifiés à l’heure de Paris, au moment où la famille ou l’agent agit.
          </Text>
          <Group justify="flex-end">
            <Button variant="default" onClick={onClose}>
              Annuler
            </Button>
            <Button type="submit" loading={action.busy}>
              Enregistrer
            </Button>
          </Group>
        </Stack>
      </form>
    </Modal>
  )
}
