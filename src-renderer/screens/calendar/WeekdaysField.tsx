import { Checkbox, Group, Input } from '@mantine/core'
import { weekdayBit, weekdayName } from '@shared/domain/days'

const WEEKDAYS = [1, 2, 3, 4, 5, 6, 7]

/** The weekdays of a mask (Monday = 1 … Sunday = 64) as seven checkboxes, reachable with Tab and Space. */
export function WeekdaysField({
  label,
  description,
  value,
  onChange,
}: {
  label: string
  description?: string
  value: number
  onChange(mask: number): void
}) {
  return (
    <Input.Wrapper label={label} description={description}>
      <Group gap="sm" mt={4} role="group" aria-label={label}>
        {WEEKDAYS.map((w) => (
          <Checkbox
            key={w}
            label={weekdayName(w).slice(0, 3)}
            aria-label={`${label} : ${weekdayName(w)}`}
            checked={(value & weekdayBit(w)) !== 0}
            onChange={(e) =>
              onChange(e.currentTarget.checked ? value | weekdayBit(w) : value & ~weekdayBit(w))
            }
          />
        ))}
      </Group>
    </Input.Wrapper>
  )
}
