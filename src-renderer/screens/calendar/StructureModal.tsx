import { Button, Checkbox, Group, Modal, Select, Stack, TextInput } from '@mantine/core'
import { type SchoolZoneCode, type StructureRow, ZONE_OPTIONS } from '@shared/contract/calendar'
import { useQueryClient } from '@tanstack/react-query'
import { useState } from 'react'
import { api } from '../../api/client'
import { SaveFailure } from '../../components/SaveFailure'
import { useAction } from '../../components/useAction'
import { refreshCalendar } from './keys'

/** Creates a structure (structure undefined) or edits one. */
export function StructureModal({ structure, onClose }: { structure?: StructureRow; onClose(): void }) {
  const queryClient = useQueryClient()
  const action = useAction()
  const [name, setName] = useState(structure?.name ?? '')
  const [zone, setZone] = useState<SchoolZoneCode>(structure?.zone ?? 'A')
  const [alsaceMoselle, setAlsaceMoselle] = useState(structure?.alsaceMoselle ?? false)
  const save = async () => {
    const done = await action.run(
      () =>
        api.calendar.saveStructure({
          ...(structure ? { id: structure.id, version: structure.version } : {}),
          name,
          zone,
          alsaceMoselle,
        }),
      structure ? 'Structure enregistrée.' : 'Structure créée.',
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
      title={structure ? `Structure « ${structure.name} »` : 'Nouvelle structure'}
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
          <TextInput
            label="Nom de la structure"
            withAsterisk
            value={name}
            onChange={(e) => setName(e.currentTarget.value)}
            data-autofocus
          />
          <Select
            label="Zone de vacances scolaires"
            description="Celle de l’académie de la commune (Grenoble : zone A)."
            data={ZONE_OPTIONS}
            value={zone}
            allowDeselect={false}
            onChange={(v) => v && setZone(v as SchoolZoneCode)}
          />
          <Checkbox
            label="Alsace-Moselle (Vendredi saint et 26 décembre fériés)"
            checked={alsaceMoselle}
            onChange={(e) => setAlsaceMoselle(e.currentTarget.checked)}
          />
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
