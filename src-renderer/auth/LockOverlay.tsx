import { Alert, Button, Group, Modal, PasswordInput, Stack, Text } from '@mantine/core'
import { type FormEvent, useState } from 'react'
import { api } from '../api/client'

/**
 * Over the screen left as it was, after inactivity: the password again, or
 * sign out. Nothing under it is unmounted, so a form half filled stays so.
 */
export function LockOverlay({
  displayName,
  onUnlocked,
  onSignOut,
}: {
  displayName: string
  onUnlocked: () => Promise<void>
  onSignOut: () => Promise<void>
}) {
  const [password, setPassword] = useState('')
  const [failure, setFailure] = useState<string | null>(null)
  const [busy, setBusy] = useState(false)
  const submit = async (event: FormEvent) => {
    event.preventDefault()
    if (password === '') {
      setFailure('Mot de passe : obligatoire.')
      return
    }
    setBusy(true)
    setFailure(null)
    try {
      await api.auth.unlock({ password })
      setPassword('')
      await onUnlocked()
    } catch (error) {
      setFailure((error as Error).message)
      setPassword('')
    } finally {
      setBusy(false)
    }
  }
  return (
    <Modal
      opened
      onClose={() => {}}
      withCloseButton={false}
      closeOnClickOutside={false}
      closeOnEscape={false}
      centered
      title="Fenêtre verrouillée"
      overlayProps={{ backgroundOpacity: 0.85, blur: 6 }}
      zIndex={4000}
    >
      <form onSubmit={submit} noValidate>
        <Stack>
          <Text size="sm">
            Marelle s’est verrouillée après un moment sans activité. {displayName}, saisissez votre mot de
            passe pour reprendre là où vous en étiez.
          </Text>
          {failure && (
            <Alert color="red" role="alert">
              {failure}
            </Alert>
          )}
          <PasswordInput
            label="Mot de passe"
            autoComplete="current-password"
            data-autofocus
            value={password}
            onChange={(e) => setPassword(e.currentTarget.value)}
          />
          <Group justify="space-between">
            <Button variant="subtle" onClick={() => void onSignOut()}>
              Changer d’utilisateur
            </Button>
            <Button type="submit" loading={busy}>
              Déverrouiller
            </Button>
          </Group>
        </Stack>
      </form>
    </Modal>
  )
}
