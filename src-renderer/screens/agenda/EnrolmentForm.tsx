import { Checkbox, Group, Text } from '@mantine/core'
import { weekdayBit } from '@shared/domain/days'

const DAYS = ['Lu', 'Ma', 'Me', 'Je', 'Ve', 'Sa', 'Di']
const NAMES = ['lundi', 'mardi', 'mercredi', 'jeudi', 'vendredi', 'samedi', 'dimanche']

/** The weekly pattern: one box per weekday (mask Monday = 1 … Sunday = 64). */
export function WeekdaysInput({ value, onChange }: { value: number; onChange(mask: number): void }) {
  return (
    <div>
      <Text size="sm" fw={500} mb={4}>
        Jours réguliers
      </Text>
      <Group gap="sm">
        {DAYS.map((d, i) => {
          const bit = weekdayBit(i + 1)
          return (
            <Checkbox
              key={d}
              label={d}
              aria-label={NAMES[i]}
              checked={(value & bit) !== 0}
              onChange={(e) => onChange(e.currentTarget.checked ? value | bit : value & ~bit)}
            />
          )
        })}
      </Group>
    </div>
  )
}
