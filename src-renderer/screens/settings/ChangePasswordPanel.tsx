import { zodResolver } from '@hookform/resolvers/zod'
import { Alert, Button, PasswordInput, Stack } from '@mantine/core'
import { notifications } from '@mantine/notifications'
import { changePasswordInput } from '@shared/contract/auth'
import { useState } from 'react'
import { useForm } from 'react-hook-form'
import type { z } from 'zod'
import { api } from '../../api/client'
import { applyServerErrors } from '../../components/form-errors'
import { PasswordRules } from '../../components/PasswordRules'

type Values = z.input<typeof changePasswordInput>
const FIELDS = ['currentPassword', 'password', 'passwordConfirm'] as const

/** `onChanged`: after a successful change (the first sign-in's screen moves on). */
export function ChangePasswordPanel({ onChanged }: { onChanged?: () => Promise<void> } = {}) {
  const [failure, setFailure] = useState<string | null>(null)
  const form = useForm<Values>({
    resolver: zodResolver(changePasswordInput),
    defaultValues: { currentPassword: '', password: '', passwordConfirm: '' },
  })
  const { errors } = form.formState
  const submit = form.handleSubmit(async (values) => {
    setFailure(null)
    try {
      await api.auth.changePassword(values)
      form.reset()
      notifications.show({ color: 'teal', message: 'Votre mot de passe a été changé.' })
      await onChanged?.()
    } catch (error) {
      setFailure(applyServerErrors(error, form.setError, FIELDS))
    }
  })
  return (
    <form onSubmit={submit} noValidate>
      <Stack maw={420}>
        {failure && (
          <Alert color="red" role="alert">
            {failure}
          </Alert>
        )}
        <PasswordInput
          label="Mot de passe actuel"
          autoComplete="current-password"
          {...form.register('currentPassword')}
          error={errors.currentPassword?.message}
        />
        <div>
          <PasswordInput
            label="Nouveau mot de passe"
            autoComplete="new-password"
            {...form.register('password')}
            error={errors.password?.message}
          />
          <PasswordRules />
        </div>
        <PasswordInput
          label="Confirmation du nouveau mot de passe"
          autoComplete="new-password"
          {...form.register('passwordConfirm')}
          error={errors.passwordConfirm?.message}
        />
        <Button type="submit" loading={form.formState.isSubmitting} w="fit-content">
          Changer le mot de passe
        </Button>
      </Stack>
    </form>
  )
}
