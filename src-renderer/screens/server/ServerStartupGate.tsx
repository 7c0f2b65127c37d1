import {
  Alert,
  Anchor,
  Button,
  Center,
  Code,
  Divider,
  Loader,
  PasswordInput,
  Stack,
  Text,
  TextInput,
} from '@mantine/core'
import type { ServerStartupState, StartupProblem } from '@shared/contract/server'
import { useQuery, useQueryClient } from '@tanstack/react-query'
import { type ReactNode, useState } from 'react'
import { ApiError, api } from '../../api/client'
import { useDocumentTitle } from '../../app/useDocumentTitle'
import { AuthCard } from '../../auth/AuthCard'
import { ErrorScreen } from '../../components/ErrorScreen'

export const STARTUP_STATE_KEY = ['server', 'startupState'] as const

/**
 * Before anything else (recovery key, sign-in): when marelle-serveur.json names
 * a server this desktop could not open, the start-up screen says why and what
 * to do (README, « Au démarrage du poste »). Elsewhere it shows its children at once.
 */
export function ServerStartupGate({ children }: { children: ReactNode }) {
  const state = useQuery({
    queryKey: STARTUP_STATE_KEY,
    queryFn: () => api.server.startupState({}),
    networkMode: 'always',
    staleTime: Number.POSITIVE_INFINITY,
  })
  if (state.isPending)
    return (
      <Center h="100%">
        <Stack align="center" gap="xs">
          <Loader aria-label="Chargement" />
          <Text size="sm" c="dimmed">
            Ouverture de la base…
          </Text>
        </Stack>
      </Center>
    )
  // A local file waiting for its recovery key answers only the encryption channels (encryption/unlock.ts,
  // the web host without the desktop's gate): the file is the database of this start, its gate goes on.
  if (state.isError && state.error instanceof ApiError && state.error.code === 'LOCKED') return children
  if (state.isError) return <ErrorScreen error={state.error} onRetry={() => state.refetch()} />
  if (state.data.state === 'open') return children
  return <StartupScreen state={state.data} />
}

const TITLES: Record<StartupProblem, string> = {
  unreachable: 'Le serveur ne répond pas',
  login: 'Le serveur refuse la connexion',
  password: 'Mot de passe du serveur à saisir',
  database: 'Base introuvable sur le serveur',
  tls: 'Connexion chiffrée impossible',
  schema: 'Le serveur doit être mis à jour',
  setting: 'Réglage du serveur inutilisable',
  unexpected: 'Démarrage impossible',
}

function StartupScreen({ state }: { state: ServerStartupState }) {
  const title = TITLES[state.problem ?? 'unexpected']
  useDocumentTitle(title)
  const client = useQueryClient()
  const [password, setPassword] = useState('')
  const [failure, setFailure] = useState<string | null>(null)
  const [tries, setTries] = useState(0)
  const [busy, setBusy] = useState(false)
  const [leaving, setLeaving] = useState(false)
  const [login, setLogin] = useState('')
  const [adminPassword, setAdminPassword] = useState('')

  const run = async (work: () => Promise<ServerStartupState>, counts: boolean) => {
    setBusy(true)
    setFailure(null)
    try {
      const next = await work()
      if (counts) setTries((n) => n + 1)
      client.setQueryData(STARTUP_STATE_KEY, next)
    } catch (error) {
      setFailure(error instanceof ApiError ? error.message : (error as Error).message)
    } finally {
      setBusy(false)
    }
  }
  const retry = (event: React.FormEvent) => {
    event.preventDefault()
    void run(() => api.server.startupRetry(state.askPassword && password ? { password } : {}), true)
  }
  const backToLocal = (event: React.FormEvent) => {
    event.preventDefault()
    void run(
      () =>
        api.server.startupUseLocal(state.localNeedsAdministrator ? { login, password: adminPassword } : {}),
      false,
    )
  }

  return (
    <AuthCard
      title={title}
      intro="Ce poste est réglé pour travailler sur le serveur PostgreSQL de la commune, qui ne peut pas être ouvert pour l’instant. Rien n’a été modifié."
    >
      <Alert color="orange" role="alert">
        <Text size="sm">{state.message}</Text>
        {tries > 0 && (
          <Text size="sm" mt="xs" fw={500}>
            Nouvel essai ({tries}) : toujours impossible.
          </Text>
        )}
      </Alert>
      {/* While an administrator goes back to the local file, only that form (the card stays within the window). */}
      {!leaving && state.command && (
        <Stack gap={4}>
          <Text size="sm">Commande à lancer par l’administrateur :</Text>
          <Code block style={{ whiteSpace: 'pre-wrap', wordBreak: 'break-all' }} aria-label="Commande">
            {state.command}
          </Code>
        </Stack>
      )}
      {!leaving && state.address && (
        <Text size="xs" c="dimmed" style={{ wordBreak: 'break-all' }}>
          Serveur : {state.address}
        </Text>
      )}
      {failure && (
        <Alert color="red" role="alert" title="Refusé">
          <Text size="sm">{failure}</Text>
        </Alert>
      )}
      {!leaving && (
        <form onSubmit={retry} noValidate aria-label="Réessayer le serveur">
          <Stack gap="sm">
            {state.askPassword && (
              <PasswordInput
                label="Mot de passe du serveur"
                description="Il sera de nouveau gardé sur ce poste, protégé par le système"
                value={password}
                onChange={(e) => setPassword(e.currentTarget.value)}
                autoComplete="off"
                autoFocus
              />
            )}
            <Button type="submit" loading={busy && !leaving} disabled={state.askPassword && password === ''}>
              {state.askPassword ? 'Se connecter au serveur' : 'Réessayer'}
            </Button>
          </Stack>
        </form>
      )}
      <Divider />
      {!leaving ? (
        <Text size="sm">
          Panne durable ?{' '}
          <Anchor component="button" type="button" size="sm" onClick={() => setLeaving(true)}>
            Revenir à la base locale de ce poste…
          </Anchor>
        </Text>
      ) : (
        <form onSubmit={backToLocal} noValidate aria-label="Revenir à la base locale">
          <Stack gap="sm">
            <Text size="sm">
              Choix réservé à un administrateur : ce poste travaillera sur sa propre base, sans les dossiers
              du serveur, et le réglage du serveur sera retiré (noté au journal d’audit de la base locale).
              Pour revenir au serveur, le régler de nouveau dans Paramètres.
            </Text>
            {state.localNeedsAdministrator && (
              <>
                <TextInput
                  label="Identifiant d’un administrateur"
                  value={login}
                  onChange={(e) => setLogin(e.currentTarget.value)}
                  autoComplete="username"
                />
                <PasswordInput
                  label="Son mot de passe sur ce poste"
                  value={adminPassword}
                  onChange={(e) => setAdminPassword(e.currentTarget.value)}
                  autoComplete="current-password"
                />
              </>
            )}
            <Button type="submit" color="red" loading={busy}>
              Revenir à la base locale
            </Button>
            <Button variant="subtle" onClick={() => setLeaving(false)} disabled={busy}>
              Annuler
            </Button>
          </Stack>
        </form>
      )}
    </AuthCard>
  )
}
