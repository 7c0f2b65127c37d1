import { Alert, Stack } from '@mantine/core'
import type { SchoolZoneCode } from '@shared/contract/calendar'
import { IconCalendarOff } from '@tabler/icons-react'
import { useQuery } from '@tanstack/react-query'
import { api } from '../../api/client'
import { CALENDAR_KEY } from './keys'

/**
 * Says plainly when the current or next school year has no holidays known
 * (for one zone, or for the zones of the active structures), and how to
 * import them. The agenda screens show it too.
 */
export function MissingHolidaysAlert({ zone }: { zone?: SchoolZoneCode }) {
  const missing = useQuery({
    queryKey: [...CALENDAR_KEY, 'missing', zone ?? 'all'],
    queryFn: () => api.calendar.missingHolidays(zone ? { zone } : {}),
  })
  const messages = (missing.data ?? []).filter((m) => m.message !== null)
  if (messages.length === 0) return null
  return (
    <Stack gap="xs">
      {messages.map((m) => (
        <Alert
          key={m.zone}
          color="orange"
          icon={<IconCalendarOff />}
          title="Vacances scolaires inconnues"
          role="status"
        >
          {m.message}
        </Alert>
      ))}
    </Stack>
  )
}
