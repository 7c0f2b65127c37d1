import { zodResolver } from '@hookform/resolvers/zod'
import { Alert, Button, PasswordInput, TextInput } from '@mantine/core'
import { setupAdminInput } from '@shared/contract/auth'
import { useQueryClient } from '@tanstack/react-query'
import { useState } from 'react'
import { useForm } from 'react-hook-form'
import type { z } from 'zod'
import { api } from '../api/client'
import { useDocumentTitle } from '../app/useDocumentTitle'
import { applyServerErrors } from '../components/form-errors'
import { PasswordRules } from '../components/PasswordRules'
import { AuthCard } from './AuthCard'
import { AUTH_STATUS_KEY } from './AuthGate'

type Values = z.input<typeof setupAdminInput>
const FIELDS = ['login', 'displayName', 'password', 'passwordConfirm'] as const

export function FirstStartScreen() {
  useDocumentTitle('Premier démarrage')
  const queryClient = useQueryClient()
  const [failure, setFailure] = useState<string | null>(null)
  const form = useForm<Values>({
    resolver: zodResolver(setupAdminInput),
    defaultValues: { login: '', displayName: '', password: '', passwordConfirm: '' },
  })
  const { errors } = form.formState

  const submit = form.handleSubmit(async (values) => {
    setFailure(null)
    try {
      await api.auth.setupAdmin(values)
      await queryClient.invalidateQueries({ queryKey: AUTH_STATUS_KEY })
    } catch (error) {
      setFailure(applyServerErrors(error, form.setError, FIELDS))
    }
  })

  return (
    <AuthCard
      title="Premier démarrage"
      intro="Bienvenue dans Marelle. Créez le compte de l’administrateur : il pourra ensuite créer les comptes des autres agents dans Paramètres."
    >
      <form onSubmit={submit} noValidate>
        {failure && (
          <Alert color="red" mb="md" role="alert">
            {failure}
          </Alert>
        )}
        <TextInput
          label="Identifiant"
          description="Pour se connecter, par exemple « m.durand »"
          autoComplete="username"
          autoFocus
          {...form.register('login')}
          error={errors.login?.message}
        />
        <TextInput
          label="Nom affiché"
          description="Il apparaîtra dans le journal des modifications"
          mt="sm"
          {...form.register('displayName')}
          error={errors.displayName?.message}
        />
        <PasswordInput
          label="Mot de passe"
          mt="sm"
          autoComplete="new-password"
          {...form.register('password')}
          error={errors.password?.message}
        />
        <PasswordRules />
        <PasswordInput
          label="Confirmation du mot de passe"
          mt="sm"
          autoComplete="new-password"
          {...form.register('passwordConfirm')}
          error={errors.passwordConfirm?.message}
        />
        <Button type="submit" fullWidth mt="lg" loading={form.formState.isSubmitting}>
          Créer le compte administrateur
        </Button>
      </form>
    </AuthCard>
  )
}
