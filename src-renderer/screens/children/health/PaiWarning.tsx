import { Alert } from '@mantine/core'
import type { ChildFile } from '@shared/contract/children'
import { formatDay } from '@shared/format/date'
import { IconAlertTriangle } from '@tabler/icons-react'

/** Days before its end when a PAI is flagged, so that the family is asked for the new one in time. */
const WARNING_DAYS = 30

const today = () => new Date().toISOString().slice(0, 10)
const daysUntil = (day: string) =>
  Math.round((Date.parse(`${day}T00:00:00Z`) - Date.parse(`${today()}T00:00:00Z`)) / 86_400_000)

/** A PAI without validity, expired, or ending within 30 days. */
export function PaiWarning({ child }: { child: ChildFile }) {
  if (child.values.pai !== true) return null
  const until = child.values.pai_valable_jusqu_au
  if (typeof until !== 'string')
    return (
      <Alert color="orange" icon={<IconAlertTriangle />} title="PAI sans date de validité">
        Renseignez la date jusqu’à laquelle le PAI est valable.
      </Alert>
    )
  const days = daysUntil(until)
  if (days < 0)
    return (
      <Alert color="red" icon={<IconAlertTriangle />} title="PAI expiré">
        Le PAI n’est plus valable depuis le {formatDay(until)} : demandez le nouveau PAI à la famille.
      </Alert>
    )
  if (days > WARNING_DAYS) return null
  return (
    <Alert color="orange" icon={<IconAlertTriangle />} title="PAI bientôt expiré">
      Le PAI expire le {formatDay(until)} (dans {days} jour{days > 1 ? 's' : ''}) : demandez le nouveau PAI à
      la famille.
    </Alert>
  )
}
