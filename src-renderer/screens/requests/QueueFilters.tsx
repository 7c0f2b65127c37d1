import { Group, MultiSelect, Select, TextInput } from '@mantine/core'
import type { RequestKindCode, RequestStateCode } from '@shared/contract/requests'
import { REQUEST_KINDS, REQUEST_STATES } from '@shared/domain/requests'
import { IconSearch } from '@tabler/icons-react'
import { DayInput } from './DayInput'

/** What `requests/list` filters on, as the screen keeps it (days 'yyyy-mm-dd'). */
export interface QueueFilter {
  kinds?: RequestKindCode[]
  states?: (RequestStateCode | 'decided')[]
  family?: string
  from?: string
  to?: string
}

const STATE_OPTIONS = [
  { value: 'pending', label: 'En attente' },
  { value: 'decided', label: 'Traitées' },
  { value: 'all', label: 'Toutes' },
  ...REQUEST_STATES.filter((s) => s.value !== 'pending').map((s) => ({
    value: `only:${s.value}`,
    label: s.label,
  })),
]

function stateValue(filter: QueueFilter): string {
  const states = filter.states ?? []
  if (states.length === 0) return 'all'
  if (states.length === 1 && (states[0] === 'pending' || states[0] === 'decided')) return states[0]
  return `only:${states[0]}`
}

function statesOf(value: string | null): QueueFilter['states'] {
  if (!value || value === 'all') return undefined
  if (value.startsWith('only:')) return [value.slice(5) as RequestStateCode]
  return [value as 'pending' | 'decided']
}

export function QueueFilters({
  filter,
  onChange,
}: {
  filter: QueueFilter
  onChange: (f: QueueFilter) => void
}) {
  const set = (change: Partial<QueueFilter>) => onChange({ ...filter, ...change })
  return (
    <Group gap="xs" align="flex-end" wrap="nowrap">
      <MultiSelect
        size="xs"
        label="Type"
        placeholder={filter.kinds?.length ? undefined : 'Tous les types'}
        data={REQUEST_KINDS.map((k) => ({ value: k.value, label: k.label }))}
        value={filter.kinds ?? []}
        onChange={(v) => set({ kinds: v.length ? (v as QueueFilter['kinds']) : undefined })}
        clearable
        w={230}
      />
      <Select
        size="xs"
        label="État"
        data={STATE_OPTIONS}
        value={stateValue(filter)}
        allowDeselect={false}
        onChange={(v) => set({ states: statesOf(v) })}
        w={150}
      />
      <TextInput
        size="xs"
        label="Famille"
        placeholder="N° ou nom"
        leftSection={<IconSearch size={14} />}
        value={filter.family ?? ''}
        onChange={(e) => set({ family: e.currentTarget.value || undefined })}
        w={170}
      />
      <DayInput
        size="xs"
        label="Du"
        value={filter.from}
        onChange={(v) => set({ from: v || undefined })}
        w={120}
      />
      <DayInput
        size="xs"
        label="Au"
        value={filter.to}
        onChange={(v) => set({ to: v || undefined })}
        w={120}
      />
    </Group>
  )
}
