import { Group, Input, NumberInput, Select, Text, TextInput } from '@mantine/core'
import { weekdayName } from '@shared/domain/days'
import { DEADLINE_COUNTS, type DeadlineRule, describeDeadline } from '@shared/domain/deadlines'

// One deadline rule (src-shared/domain/deadlines.ts) edited as a small form:
// its kind, then the fields of that kind; the rule is read back in French.

type Kind = DeadlineRule['kind'] | 'none'

const KINDS: { value: Kind; label: string }[] = [
  { value: 'none', label: 'Aucun délai' },
  { value: 'days_before', label: 'N jours avant, à une heure' },
  { value: 'weekday_previous_week', label: 'Un jour de la semaine précédente' },
  { value: 'day_of_previous_month', label: 'Un jour du mois précédent' },
]

const WEEKDAY_OPTIONS = [1, 2, 3, 4, 5, 6, 7].map((w) => ({ value: String(w), label: weekdayName(w) }))

function fresh(kind: Kind, time: string): DeadlineRule | null {
  switch (kind) {
    case 'none':
      return null
    case 'days_before':
      return { kind, days: 2, count: 'working', time }
    case 'weekday_previous_week':
      return { kind, weekday: 4, time }
    case 'day_of_previous_month':
      return { kind, day: 25, time }
  }
}

export function DeadlineField({
  label,
  value,
  onChange,
}: {
  label: string
  value: DeadlineRule | null
  onChange(rule: DeadlineRule | null): void
}) {
  const time = value?.time ?? '18:00'
  return (
    <Input.Wrapper label={label}>
      <Group gap="xs" align="flex-end" mt={4} wrap="wrap">
        <Select
          aria-label={`${label} : type`}
          data={KINDS}
          value={value?.kind ?? 'none'}
          allowDeselect={false}
          onChange={(k) => k && onChange(fresh(k as Kind, time))}
          w={300}
        />
        {value?.kind === 'days_before' && (
          <>
            <NumberInput
              aria-label={`${label} : nombre de jours`}
              min={0}
              max={90}
              w={80}
              value={value.days}
              onChange={(n) => onChange({ ...value, days: typeof n === 'number' ? n : 0 })}
            />
            <Select
              aria-label={`${label} : jours comptés`}
              data={DEADLINE_COUNTS.map((c) => ({ value: c.value, label: c.label }))}
              value={value.count}
              allowDeselect={false}
              onChange={(c) => c && onChange({ ...value, count: c as typeof value.count })}
              w={240}
            />
          </>
        )}
        {value?.kind === 'weekday_previous_week' && (
          <Select
            aria-label={`${label} : jour de la semaine`}
            data={WEEKDAY_OPTIONS}
            value={String(value.weekday)}
            allowDeselect={false}
            onChange={(w) => w && onChange({ ...value, weekday: Number(w) })}
            w={140}
          />
        )}
        {value?.kind === 'day_of_previous_month' && (
          <NumberInput
            aria-label={`${label} : jour du mois`}
            min={1}
            max={31}
            w={80}
            value={value.day}
            onChange={(n) => onChange({ ...value, day: typeof n === 'number' ? n : 1 })}
          />
        )}
        {value && (
          <TextInput
            aria-label={`${label} : heure`}
            placeholder="hh:mm"
            w={90}
            value={value.time}
            onChange={(e) => onChange({ ...value, time: e.currentTarget.value })}
          />
        )}
      </Group>
      <Text size="xs" c="dimmed" mt={4}>
        {describeDeadline(value)}
      </Text>
    </Input.Wrapper>
  )
}
