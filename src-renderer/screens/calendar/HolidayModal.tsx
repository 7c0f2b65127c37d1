import { Button, Group, Modal, Select, SimpleGrid, Stack, Text, TextInput } from '@mantine/core'
import { HOLIDAY_KINDS, type HolidayRow, type SchoolZoneCode, ZONE_OPTIONS } from '@shared/contract/calendar'
import { useQueryClient } from '@tanstack/react-query'
import { useState } from 'react'
import { api } from '../../api/client'
import { SaveFailure } from '../../components/SaveFailure'
import { useAction } from '../../components/useAction'
import { DayField } from '../../fields/DayField'
import { refreshCalendar } from './keys'

/** Adds a school holiday period by hand, or corrects one. */
export function HolidayModal({
  holiday,
  zone: defaultZone,
  onClose,
}: {
  holiday?: HolidayRow
  zone: SchoolZoneCode
  onClose(): void
}) {
  const queryClient = useQueryClient()
  const action = useAction()
  const [zone, setZone] = useState<SchoolZoneCode>(holiday?.zone ?? defaultZone)
  const [name, setName] = useState(holiday?.name ?? '')
  const [kind, setKind] = useState<HolidayRow['kind']>(holiday?.kind ?? 'petites')
  const [startsOn, setStartsOn] = useState<string | null>(holiday?.startsOn ?? null)
  const [resumesOn, setResumesOn] = useState<string | null>(holiday?.resumesOn ?? null)
  const save = async () => {
    const done = await action.run(
      () =>
        api.calendar.saveHoliday({
          ...(holiday ? { id: holiday.id, version: holiday.version, schoolYear: holiday.schoolYear } : {}),
          zone,
          name,
          kind,
          startsOn: startsOn ?? '',
          resumesOn,
        }),
      holiday ? 'Période corrigée.' : 'Période ajoutée.',
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
      title={holiday ? `Corriger « ${holiday.name} »` : 'Ajouter une période de vacances'}
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
          <SimpleGrid cols={2}>
            <Select
              label="Zone"
              data={ZONE_OPTIONS}
              value={zone}
              allowDeselect={false}
              onChange={(v) => v && setZone(v as SchoolZoneCode)}
            />
            <Select
              label="Type"
              data={HOLIDAY_KINDS.map((k) => ({ ...k }))}
              value={kind}
              allowDeselect={false}
              onChange={(v) => v && setKind(v as HolidayRow['kind'])}
            />
          </SimpleGrid>
          <TextInput
            label="Nom de la période"
            placeholder="Vacances de la Toussaint"
            withAsterisk
            value={name}
            onChange={(e) => setName(e.currentTarget.value)}
            data-autofocus
          />
          <SimpleGrid cols={2}>
            <DayField label="Début (après la classe)" withAsterisk value={startsOn} onChange={setStartsOn} />
            <DayField
              label="Reprise des cours (le matin)"
              description="Vide : pas encore publiée."
              value={resumesOn}
              onChange={setResumesOn}
            />
          </SimpleGrid>
          <Text size="xs" c="dimmed">
            Comme le calendrier officiel : les vacances commencent après la classe le jour du début (un samedi
            ou un dimanche de début est donc déjà en vacances) et les cours reprennent le matin du jour de
            reprise.
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
