import { zodResolver } from '@hookform/resolvers/zod'
import { Alert, Button, PasswordInput, TextInput } from '@mantine/core'
import { loginInput } from '@shared/contract/auth'
import { useQueryClient } from '@tanstack/react-query'
import { useState } from 'react'
import { useForm } from 'react-hook-form'
import type { z } from 'zod'
import { api } from '../api/client'
import { useDocumentTitle } from '../app/useDocumentTitle'
import { AuthCard } from './AuthCard'
import { AUTH_STATUS_KEY } from './AuthGate'

type Values = z.input<typeof loginInput>

export function SignInScreen() {
  useDocumentTitle('Connexion')
  const queryClient = useQueryClient()
  const [failure, setFailure] = useState<string | null>(null)
  const form = useForm<Values>({
    resolver: zodResolver(loginInput),
    defaultValues: { login: '', password: '' },
  })

  const submit = form.handleSubmit(async (values) => {
    setFailure(null)
    try {
      await api.auth.login(values)
      // Every sign-in starts on the dashboard, never on the previous user's screen.
      window.location.hash = '#/'
      await queryClient.invalidateQueries({ queryKey: AUTH_STATUS_KEY })
    } catch (error) {
      setFailure((error as Error).message)
      form.setValue('password', '')
      form.setFocus('password')
    }
  })

  return (
    <AuthCard title="Connexion" intro="Connectez-vous avec le compte que l’administrateur vous a donné.">
      <form onSubmit={submit} noValidate>
        {failure && (
          <Alert color="red" mb="md" role="alert">
            {failure}
          </Alert>
        )}
        <TextInput
          label="Identifiant"
          autoComplete="username"
          autoFocus
          {...form.register('login')}
          error={form.formState.errors.login?.message}
        />
        <PasswordInput
          label="Mot de passe"
          mt="sm"
          autoComplete="current-password"
          {...form.register('password')}
          error={form.formState.errors.password?.message}
        />
        <Button type="submit" fullWidth mt="lg" loading={form.formState.isSubmitting}>
          Se connecter
        </Button>
      </form>
    </AuthCard>
  )
}
