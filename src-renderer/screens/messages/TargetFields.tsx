import { Checkbox, Group, Select, Stack } from '@mantine/core'
import type { MessageTarget } from '@shared/contract/messages'
import { useQuery } from '@tanstack/react-query'
import { api } from '../../api/client'
import { DayInput } from '../requests/DayInput'
import { FamilyPicker } from './FamilyPicker'
import { today } from './labels'

export type TargetKind = MessageTarget['kind']

export interface TargetState {
  kind: TargetKind
  familyId: number | null
  serviceId: number | null
  structureId: number | null
  date: string
  before: string
  includeArchived: boolean
}

export const initialTarget = (familyId: number | null): TargetState => ({
  kind: familyId ? 'family' : 'service',
  familyId,
  serviceId: null,
  structureId: null,
  date: today(),
  before: today(),
  includeArchived: false,
})

/** The target as the contract wants it, or null while a choice is missing. */
export function targetOf(t: TargetState): MessageTarget | null {
  switch (t.kind) {
    case 'family':
      return t.familyId ? { kind: 'family', familyId: t.familyId } : null
    case 'service':
      return t.serviceId ? { kind: 'service', serviceId: t.serviceId, date: t.date } : null
    case 'structure':
      return t.structureId ? { kind: 'structure', structureId: t.structureId, date: t.date } : null
    case 'incomplete':
      return { kind: 'incomplete' }
    case 'pai':
      return { kind: 'pai', before: t.before }
  }
}

const KINDS: { value: TargetKind; label: string }[] = [
  { value: 'family', label: 'Une famille' },
  { value: 'service', label: 'Les inscrits d’un service' },
  { value: 'structure', label: 'Les inscrits d’une structure' },
  { value: 'incomplete', label: 'Les familles dont un dossier est incomplet' },
  { value: 'pai', label: 'Les familles d’un enfant dont le PAI expire (données de santé)' },
]

/** « Destinataires »: one family, or a criterion. */
export function TargetFields({
  value,
  onChange,
}: {
  value: TargetState
  onChange: (t: TargetState) => void
}) {
  const structures = useQuery({ queryKey: ['lists', 'structures'], queryFn: () => api.lists.structures({}) })
  const set = (patch: Partial<TargetState>) => onChange({ ...value, ...patch })
  const services = (structures.data ?? []).flatMap((s) =>
    s.services.map((v) => ({ value: String(v.id), label: `${v.code} · ${v.name} (${s.name})` })),
  )
  return (
    <Stack gap="xs">
      <Select
        label="Destinataires"
        data={KINDS}
        value={value.kind}
        allowDeselect={false}
        onChange={(v) => v && set({ kind: v as TargetKind })}
        w={420}
      />
      {value.kind === 'family' && (
        <FamilyPicker value={value.familyId} onChange={(familyId) => set({ familyId })} />
      )}
      {(value.kind === 'service' || value.kind === 'structure') && (
        <Group align="flex-end">
          {value.kind === 'service' ? (
            <Select
              label="Service"
              searchable
              data={services}
              value={value.serviceId ? String(value.serviceId) : null}
              onChange={(v) => set({ serviceId: v ? Number(v) : null })}
              w={420}
            />
          ) : (
            <Select
              label="Structure"
              data={(structures.data ?? []).map((s) => ({ value: String(s.id), label: s.name }))}
              value={value.structureId ? String(value.structureId) : null}
              onChange={(v) => set({ structureId: v ? Number(v) : null })}
              w={420}
            />
          )}
          <DayInput label="Inscrits au" value={value.date} onChange={(date) => set({ date })} w={160} />
        </Group>
      )}
      {value.kind === 'pai' && (
        <DayInput
          label="PAI expirant avant le"
          value={value.before}
          onChange={(before) => set({ before })}
          w={200}
        />
      )}
      {value.kind !== 'family' && (
        <Checkbox
          label="Inclure les familles archivées (tous les enfants partis)"
          checked={value.includeArchived}
          onChange={(e) => set({ includeArchived: e.currentTarget.checked })}
        />
      )}
    </Stack>
  )
}
