import { Button, Group, Kbd, Text } from '@mantine/core'
import type { Action } from './review-state'

export const SHORTCUTS = [
  { keys: 'Alt+↓', label: 'demande suivante' },
  { keys: 'Alt+↑', label: 'précédente' },
  { keys: 'Alt+V', label: 'valider' },
  { keys: 'Alt+R', label: 'refuser' },
  { keys: 'Alt+E', label: 'écrire la réponse' },
]

/** The keyboard shortcuts of the queue, always on screen. */
export function ShortcutsHelp() {
  return (
    <Group gap="xs" justify="flex-end" aria-label="Raccourcis clavier">
      {SHORTCUTS.map((s) => (
        <Text key={s.keys} size="xs" c="dimmed">
          <Kbd size="xs">{s.keys}</Kbd> {s.label}
        </Text>
      ))}
    </Group>
  )
}

export function DecisionBar({
  canAccept,
  canClose,
  busy,
  onAction,
}: {
  canAccept: boolean
  canClose: boolean
  busy: Action | null
  onAction: (action: Action) => void
}) {
  return (
    <Group justify="flex-end" gap="xs">
      {canClose && (
        <Button variant="default" loading={busy === 'close'} onClick={() => onAction('close')}>
          Classer sans suite
        </Button>
      )}
      <Button color="red" variant="light" loading={busy === 'refuse'} onClick={() => onAction('refuse')}>
        Refuser
      </Button>
      <Button
        color="teal"
        disabled={!canAccept}
        loading={busy === 'decide'}
        onClick={() => onAction('decide')}
      >
        Valider
      </Button>
    </Group>
  )
}
