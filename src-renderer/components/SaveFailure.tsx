import { Alert, Button, Group, Text } from '@mantine/core'
import { IconAlertTriangle, IconRefresh } from '@tabler/icons-react'
import { ApiError } from '../api/client'

/**
 * Why a save was refused. A version conflict shows what changed in between
 * (the back-end's message) and offers to reload the record.
 */
export function SaveFailure({ error, onReload }: { error: unknown; onReload?: () => void }) {
  const conflict = error instanceof ApiError && error.code === 'CONFLICT'
  const message = (error as Error)?.message ?? 'Erreur inconnue.'
  return (
    <Alert
      color={conflict ? 'orange' : 'red'}
      role="alert"
      icon={<IconAlertTriangle />}
      title={conflict ? 'Modifié entre-temps par quelqu’un d’autre' : 'Enregistrement refusé'}
    >
      <Text size="sm" style={{ whiteSpace: 'pre-line' }}>
        {message}
      </Text>
      {conflict && onReload && (
        <Group mt="sm">
          <Button
            size="xs"
            variant="white"
            color="orange"
            leftSection={<IconRefresh size={14} />}
            onClick={onReload}
          >
            Recharger la fiche
          </Button>
        </Group>
      )}
    </Alert>
  )
}
