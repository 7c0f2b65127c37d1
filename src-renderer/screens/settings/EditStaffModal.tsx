import {
  Alert,
  Button,
  Divider,
  Group,
  Modal,
  PasswordInput,
  Select,
  Stack,
  Switch,
  Text,
  TextInput,
} from '@mantine/core'
import { notifications } from '@mantine/notifications'
import type { StaffAccount } from '@shared/contract/staff'
import type { Role } from '@shared/roles'
import { useQueryClient } from '@tanstack/react-query'
import { useState } from 'react'
import { api } from '../../api/client'
import { PasswordRules } from '../../components/PasswordRules'
import { ROLE_OPTIONS } from './CreateStaffModal'
import { STAFF_KEY } from './StaffAccountsPanel'

export function EditStaffModal({ account, onClose }: { account: StaffAccount; onClose: () => void }) {
  const queryClient = useQueryClient()
  const [displayName, setDisplayName] = useState(account.displayName)
  const [role, setRole] = useState<Role>(account.role)
  const [active, setActive] = useState(account.active)
  const [password, setPassword] = useState('')
  const [failure, setFailure] = useState<string | null>(null)
  const [busy, setBusy] = useState(false)

  async function run(action: () => Promise<unknown>, message: string) {
    setBusy(true)
    setFailure(null)
    try {
      await action()
      await queryClient.invalidateQueries({ queryKey: STAFF_KEY })
      notifications.show({ color: 'teal', message })
      onClose()
    } catch (error) {
      setFailure((error as Error).message)
    } finally {
      setBusy(false)
    }
  }

  return (
    <Modal opened onClose={onClose} title={`Compte « ${account.login} »`}>
      <Stack>
        {failure && (
          <Alert color="red" role="alert" style={{ whiteSpace: 'pre-line' }}>
            {failure}
          </Alert>
        )}
        <TextInput
          label="Nom affiché"
          value={displayName}
          onChange={(e) => setDisplayName(e.currentTarget.value)}
        />
        <Select
          label="Rôle"
          data={ROLE_OPTIONS}
          allowDeselect={false}
          value={role}
          onChange={(v) => v && setRole(v as Role)}
        />
        <Switch label="Compte actif" checked={active} onChange={(e) => setActive(e.currentTarget.checked)} />
        <Group justify="flex-end">
          {account.locked && (
            <Button
              variant="light"
              color="orange"
              loading={busy}
              onClick={() =>
                run(
                  () => api.staff.update({ id: account.id, version: account.version, unlock: true }),
                  'Compte déverrouillé.',
                )
              }
            >
              Déverrouiller
            </Button>
          )}
          <Button
            loading={busy}
            onClick={() =>
              run(
                () =>
                  api.staff.update({ id: account.id, version: account.version, displayName, role, active }),
                'Compte enregistré.',
              )
            }
          >
            Enregistrer
          </Button>
        </Group>
        <Divider label="Réinitialiser le mot de passe" labelPosition="left" />
        <Text size="sm" c="dimmed">
          Donnez un mot de passe provisoire à l’agent ; il pourra le changer dans Paramètres.
        </Text>
        <div>
          <PasswordInput
            label="Nouveau mot de passe"
            autoComplete="new-password"
            value={password}
            onChange={(e) => setPassword(e.currentTarget.value)}
          />
          <PasswordRules />
        </div>
        <Group justify="flex-end">
          <Button
            variant="light"
            loading={busy}
            disabled={password.length === 0}
            onClick={() =>
              run(() => api.staff.resetPassword({ id: account.id, password }), 'Mot de passe réinitialisé.')
            }
          >
            Réinitialiser
          </Button>
        </Group>
      </Stack>
    </Modal>
  )
}
