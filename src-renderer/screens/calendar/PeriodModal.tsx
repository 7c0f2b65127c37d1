import { Button, Group, Modal, SegmentedControl, Select, SimpleGrid, Stack, TextInput } from '@mantine/core'
import { PERIOD_KINDS, type PeriodRow, type StructureRow } from '@shared/contract/calendar'
import { useQueryClient } from '@tanstack/react-query'
import { useState } from 'react'
import { api } from '../../api/client'
import { SaveFailure } from '../../components/SaveFailure'
import { useAction } from '../../components/useAction'
import { DayField } from '../../fields/DayField'
import { refreshCalendar } from './keys'

const WHOLE = 'structure'

/** A closure or an exceptional opening of a structure or of one of its services. */
export function PeriodModal({
  structures,
  period,
  onClose,
}: {
  structures: StructureRow[]
  period?: PeriodRow
  onClose(): void
}) {
  const queryClient = useQueryClient()
  const action = useAction()
  const [structureId, setStructureId] = useState<number | null>(
    period?.structureId ?? structures[0]?.id ?? null,
  )
  const [serviceId, setServiceId] = useState<number | null>(period?.serviceId ?? null)
  const [kind, setKind] = useState<PeriodRow['kind']>(period?.kind ?? 'fermeture')
  const [startsOn, setStartsOn] = useState<string | null>(period?.startsOn ?? null)
  const [endsOn, setEndsOn] = useState<string | null>(period?.endsOn ?? null)
  const [label, setLabel] = useState(period?.label ?? '')
  const structure = structures.find((s) => s.id === structureId)
  const save = async () => {
    const done = await action.run(
      () =>
        api.calendar.savePeriod({
          ...(period ? { id: period.id, version: period.version } : {}),
          structureId: structureId ?? 0,
          serviceId,
          kind,
          startsOn: startsOn ?? '',
          endsOn: endsOn ?? startsOn ?? '',
          label,
        }),
      kind === 'fermeture' ? 'Fermeture enregistrée.' : 'Ouverture enregistrée.',
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
      title={period ? 'Modifier la période' : 'Nouvelle fermeture ou ouverture exceptionnelle'}
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
          <SegmentedControl
            aria-label="Type"
            data={PERIOD_KINDS.map((k) => ({ ...k }))}
            value={kind}
            onChange={(v) => setKind(v as PeriodRow['kind'])}
          />
          <Select
            label="Structure"
            data={structures.map((s) => ({ value: String(s.id), label: s.name }))}
            value={structureId === null ? null : String(structureId)}
            allowDeselect={false}
            onChange={(v) => {
              setStructureId(v ? Number(v) : null)
              setServiceId(null)
            }}
          />
          <Select
            label="Service"
            data={[
              { value: WHOLE, label: 'Toute la structure' },
              ...(structure?.services ?? []).map((s) => ({ value: String(s.id), label: s.name })),
            ]}
            value={serviceId === null ? WHOLE : String(serviceId)}
            allowDeselect={false}
            onChange={(v) => setServiceId(!v || v === WHOLE ? null : Number(v))}
          />
          <SimpleGrid cols={2}>
            <DayField label="Du" withAsterisk value={startsOn} onChange={setStartsOn} data-autofocus />
            <DayField label="Au" description="Vide : le même jour." value={endsOn} onChange={setEndsOn} />
          </SimpleGrid>
          <TextInput
            label="Motif"
            placeholder={kind === 'fermeture' ? 'Travaux, pont, grève…' : 'Fête de l’école…'}
            withAsterisk={kind === 'fermeture'}
            value={label}
            onChange={(e) => setLabel(e.currentTarget.value)}
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
