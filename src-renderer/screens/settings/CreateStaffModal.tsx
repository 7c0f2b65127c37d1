import { zodResolver } from '@hookform/resolvers/zod'
import { Alert, Button, Checkbox, Group, Modal, PasswordInput, Select, Stack, TextInput } from '@mantine/core'
import { notifications } from '@mantine/notifications'
import { createStaffInput } from '@shared/contract/staff'
import { ROLE_LABELS, ROLES } from '@shared/roles'
import { useQueryClient } from '@tanstack/react-query'
import { useState } from 'react'
import { Controller, useForm } from 'react-hook-form'
import type { z } from 'zod'
import { api } from '../../api/client'
import { applyServerErrors } from '../../components/form-errors'
import { PasswordRules } from '../../components/PasswordRules'
import { STAFF_KEY } from './StaffAccountsPanel'

type Values = z.input<typeof createStaffInput>
const FIELDS = ['login', 'displayName', 'role', 'password'] as const
export const ROLE_OPTIONS = ROLES.map((r) => ({ value: r, label: ROLE_LABELS[r] }))

export function CreateStaffModal({ opened, onClose }: { opened: boolean; onClose: () => void }) {
  const queryClient = useQueryClient()
  const [failure, setFailure] = useState<string | null>(null)
  const form = useForm<Values>({
    resolver: zodResolver(createStaffInput),
    defaultValues: { login: '', displayName: '', role: 'agent', password: '', provisional: true },
  })
  const { errors } = form.formState
  const close = () => {
    form.reset()
    setFailure(null)
    onClose()
  }
  const submit = form.handleSubmit(async (values) => {
    setFailure(null)
    try {
      const created = await api.staff.create(values)
      await queryClient.invalidateQueries({ queryKey: STAFF_KEY })
      notifications.show({ color: 'teal', message: `Compte « ${created.login} » créé.` })
      close()
    } catch (error) {
      setFailure(applyServerErrors(error, form.setError, FIELDS))
    }
  })
  return (
    <Modal opened={opened} onClose={close} title="Nouveau compte du personnel">
      <form onSubmit={submit} noValidate>
        <Stack>
          {failure && (
            <Alert color="red" role="alert">
              {failure}
            </Alert>
          )}
          <TextInput
            label="Identifiant"
            data-autofocus
            {...form.register('login')}
            error={errors.login?.message}
          />
          <TextInput
            label="Nom affiché"
            {...form.register('displayName')}
            error={errors.displayName?.message}
          />
          <Controller
            control={form.control}
            name="role"
            render={({ field }) => (
              <Select
                label="Rôle"
                data={ROLE_OPTIONS}
                allowDeselect={false}
                value={field.value}
                onChange={(v) => field.onChange(v)}
                error={errors.role?.message}
              />
            )}
          />
          <div>
            <PasswordInput
              label="Mot de passe provisoire"
              autoComplete="new-password"
              {...form.register('password')}
              error={errors.password?.message}
            />
            <PasswordRules />
          </div>
          <Checkbox
            label="À changer à la première connexion"
            description="Recommandé : la personne choisit alors un mot de passe qu’elle seule connaît."
            {...form.register('provisional')}
          />
          <Group justify="flex-end">
            <Button variant="default" onClick={close}>
              Annuler
            </Button>
            <Button type="submit" loading={form.formState.isSubmitting}>
              Créer le compte
            </Button>
          </Group>
        </Stack>
      </form>
    </Modal>
  )
}
