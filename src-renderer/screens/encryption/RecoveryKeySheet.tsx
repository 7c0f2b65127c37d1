import { Alert, Button, Checkbox, Group, Stack, Text, Title } from '@mantine/core'
import type { RecoveryKeyView } from '@shared/contract/encryption'
import { IconPrinter } from '@tabler/icons-react'
import { useState } from 'react'
import { RecoveryKeyGroups } from './RecoveryKeyGroups'
import { RecoveryKeyPrint } from './RecoveryKeyPrint'
import './encryption.css'

/**
 * Shows a recovery key to an administrator with « Imprimer », and
 * « Continuer » once they say they keep it (docs/chiffrement.md).
 */
export function RecoveryKeySheet({
  view,
  intro,
  onKept,
}: {
  view: RecoveryKeyView
  intro: string
  onKept(): Promise<unknown>
}) {
  const [kept, setKept] = useState(false)
  const [busy, setBusy] = useState(false)
  const [failure, setFailure] = useState<string | null>(null)
  const proceed = async () => {
    setBusy(true)
    setFailure(null)
    try {
      await onKept()
    } catch (error) {
      setFailure((error as Error).message)
    } finally {
      setBusy(false)
    }
  }
  return (
    <Stack maw={760} gap="md">
      <Title order={2}>Clé de secours</Title>
      <Text>{intro}</Text>
      <RecoveryKeyGroups recoveryKey={view.recoveryKey} label="Clé de secours" />
      <Text size="sm">
        Conservez-la sur papier dans un coffre ou une armoire fermée à clé, jamais sur l’ordinateur. Marelle
        la demandera si la clé de ce poste devient illisible (nouveau profil Windows, base restaurée sur un
        autre poste).
      </Text>
      <Group>
        <Button variant="light" leftSection={<IconPrinter size={16} />} onClick={() => window.print()}>
          Imprimer
        </Button>
      </Group>
      <Checkbox
        checked={kept}
        onChange={(event) => setKept(event.currentTarget.checked)}
        label="J'ai imprimé ou noté la clé de secours et je la conserve en lieu sûr"
      />
      {failure && (
        <Alert color="red" role="alert">
          {failure}
        </Alert>
      )}
      <Group>
        <Button disabled={!kept} loading={busy} onClick={() => void proceed()}>
          Continuer
        </Button>
      </Group>
      <RecoveryKeyPrint recoveryKey={view.recoveryKey} communeName={view.communeName} />
    </Stack>
  )
}
