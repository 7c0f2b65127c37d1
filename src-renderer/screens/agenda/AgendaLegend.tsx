import { Group, SimpleGrid, Text } from '@mantine/core'
import { AGENDA_STATES } from '@shared/domain/agenda'
import { StateSwatch } from './StateSwatch'

/** The 17 states below the agenda, in the seed's legend order, each with its letter and colour. */
export function AgendaLegend() {
  const states = [...AGENDA_STATES].sort((a, b) => a.position - b.position)
  return (
    <SimpleGrid
      cols={{ base: 2, sm: 3, lg: 5 }}
      spacing={4}
      verticalSpacing={4}
      aria-label="Légende"
      role="list"
    >
      {states.map((s) => (
        <Group key={s.value} gap={6} wrap="nowrap" role="listitem">
          <StateSwatch state={s.value} />
          <Text size="xs">{s.label}</Text>
        </Group>
      ))}
    </SimpleGrid>
  )
}
