import { Alert, Button, Center, Stack } from '@mantine/core'
import { IconAlertTriangle } from '@tabler/icons-react'

export function ErrorScreen({ error, onRetry }: { error: Error; onRetry?: () => void }) {
  return (
    <Center h="100%">
      <Stack maw={520}>
        <Alert color="red" title="Marelle ne répond pas" icon={<IconAlertTriangle />}>
          {error.message}
        </Alert>
        {onRetry && (
          <Button onClick={onRetry} variant="light">
            Réessayer
          </Button>
        )}
      </Stack>
    </Center>
  )
}
