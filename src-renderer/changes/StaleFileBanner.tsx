import { Alert, Button, Group, Text } from '@mantine/core'
import { formatInstant } from '@shared/format/date'
import { IconRefresh } from '@tabler/icons-react'
import { type QueryKey, useQueryClient } from '@tanstack/react-query'
import { clearStale, fileMarkKey, useStaleMark } from './stale-files'

const STICKY = { position: 'sticky', top: 'calc(56px + var(--mantine-spacing-xs))', zIndex: 4 } as const

function sentence(by: string | null, at: string | null): string {
  if (by === null) return 'Ce dossier a peut-être été modifié sur un autre poste.'
  const time = at ? ` à ${formatInstant(at).slice(11)}` : ''
  return `Ce dossier a été modifié par ${by}${time} sur un autre poste.`
}

/**
 * Says that the open file changed on another desktop while a form had
 * unsaved edits (the file was not read again under them), and reads it again
 * on demand. A save made meanwhile on the old version is refused with what
 * changed (the conflict message).
 */
export function StaleFileBanner({ queryKey }: { queryKey: QueryKey }) {
  const client = useQueryClient()
  const markKey = fileMarkKey(queryKey)
  const mark = useStaleMark(markKey)
  const readAt = client.getQueryState(queryKey)?.dataUpdatedAt ?? 0
  // A file read after the change was heard of (reloaded, or the answer of a save) is up to date.
  if (!mark || readAt > mark.markedAt) return null
  return (
    // Kept in sight below the header however far down the form staff are.
    <Alert
      color="orange"
      variant="filled"
      role="alert"
      title="Modifié sur un autre poste"
      style={STICKY}
      className="no-print"
    >
      <Group justify="space-between" wrap="nowrap">
        <Text size="sm">{sentence(mark.by, mark.at)} Rechargez-le avant d’enregistrer vos changements.</Text>
        <Button
          size="xs"
          variant="white"
          color="orange"
          leftSection={<IconRefresh size={14} />}
          onClick={() => {
            clearStale(markKey)
            void client.invalidateQueries({ queryKey, exact: true })
          }}
        >
          Recharger
        </Button>
      </Group>
    </Alert>
  )
}
