import { ActionIcon, Group, Title, Tooltip } from '@mantine/core'
import { IconChevronLeft, IconChevronRight } from '@tabler/icons-react'
import { useSearchParams } from 'react-router'
import { monthLabel, parseMonth, shiftMonth } from './month'

/** The month shown, kept in the address (?mois=2017-07) so that reloading or a link keeps it. */
export function useMonth(fallback: string): [string, (month: string) => void] {
  const [params, setParams] = useSearchParams()
  const month = parseMonth(params.get('mois')) ?? fallback
  return [
    month,
    (next) =>
      setParams(
        (prev) => {
          const copy = new URLSearchParams(prev)
          copy.set('mois', next)
          return copy
        },
        { replace: true },
      ),
  ]
}

export function MonthNav({ month, onChange }: { month: string; onChange(month: string): void }) {
  return (
    <Group gap="xs">
      <Tooltip label="Mois précédent (Pg préc.)">
        <ActionIcon
          variant="default"
          aria-label="Mois précédent"
          onClick={() => onChange(shiftMonth(month, -1))}
        >
          <IconChevronLeft size={16} />
        </ActionIcon>
      </Tooltip>
      <Title order={4} miw={150} ta="center" aria-live="polite">
        {monthLabel(month)}
      </Title>
      <Tooltip label="Mois suivant (Pg suiv.)">
        <ActionIcon
          variant="default"
          aria-label="Mois suivant"
          onClick={() => onChange(shiftMonth(month, 1))}
        >
          <IconChevronRight size={16} />
        </ActionIcon>
      </Tooltip>
    </Group>
  )
}
