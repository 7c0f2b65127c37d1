import {
  Alert,
  Button,
  Code,
  Group,
  Loader,
  NumberInput,
  PasswordInput,
  Select,
  Stack,
  Text,
  TextInput,
  Title,
} from '@mantine/core'
import {
  type ServerSetting,
  type ServerSettingState,
  type ServerTestResult,
  SSL_MODE_LABELS,
  SSL_MODES,
  type SslMode,
} from '@shared/contract/server'
import { IconFileCertificate, IconPlugConnected } from '@tabler/icons-react'
import { useQuery, useQueryClient } from '@tanstack/react-query'
import { useEffect, useState } from 'react'
import { ApiError, api } from '../../api/client'
import { useAction } from '../../components/useAction'

const STATE_KEY = ['server', 'state'] as const

interface Form {
  host: string
  port: number | string
  database: string
  user: string
  sslmode: SslMode
  caFile: string
  password: string
}

const EMPTY: Form = {
  host: '',
  port: 5432,
  database: 'marelle',
  user: 'marelle_app',
  sslmode: 'verify-full',
  caFile: '',
  password: '',
}

function formOf(setting: ServerSetting | null): Form {
  if (!setting) return EMPTY
  return { ...setting, caFile: setting.caFile ?? '', password: '' }
}

function inputOf(form: Form) {
  return {
    host: form.host,
    port: typeof form.port === 'number' ? form.port : Number(form.port),
    database: form.database,
    user: form.user,
    sslmode: form.sslmode,
    caFile: form.sslmode === 'disable' || form.caFile.trim() === '' ? null : form.caFile,
    ...(form.password ? { password: form.password } : {}),
  }
}

const PASSWORD_STATE: Record<ServerSettingState['password'], string> = {
  saved: 'Mot de passe enregistré sur ce poste (protégé par le système, jamais affiché).',
  absent: 'Aucun mot de passe enregistré.',
  unreadable:
    'Le mot de passe enregistré n’est pas lisible sur ce poste (autre utilisateur ou autre poste) : saisissez-le à nouveau.',
  environment:
    'Ce mode ne garde pas de mot de passe : il est lu dans la variable PGPASSWORD ou le fichier .pgpass de cet utilisateur.',
}

/** What this window works on now, and what the next start will do. */
function currentModeText(s: ServerSettingState, desktop: boolean): string {
  if (s.currentMode === 'postgres')
    return desktop
      ? 'Ce poste travaille sur le serveur PostgreSQL. Si le serveur ne peut pas être ouvert au démarrage, Marelle le dit et propose de réessayer ; un administrateur peut aussi faire revenir ce poste à sa base locale.'
      : 'Ce mode web travaille sur le serveur PostgreSQL donné au lancement (--db ou MARELLE_DATABASE_URL).'
  if (!desktop)
    return 'Ce mode web travaille encore sur la base de ce poste (celle de --db) : il ne lit pas ce réglage au démarrage ; les postes de bureau le lisent.'
  return s.setting
    ? 'Ce poste travaille encore sur sa base locale : au prochain démarrage, il ouvrira le serveur réglé ici. Les dossiers de ce poste ne sont pas copiés sur le serveur : l’administrateur les y transfère d’abord (marelle transfer), une seule fois.'
    : 'Ce poste travaille sur sa base locale. Une fois un serveur réglé ici, il l’ouvrira au prochain démarrage.'
}

/**
 * Paramètres → Serveur PostgreSQL (administrators): where the shared database
 * server is, and a test of the connection (docs/architecture.md, « PostgreSQL »).
 * The setting is read at start-up: this window keeps working on its database.
 */
export function ServerPanel() {
  const client = useQueryClient()
  const state = useQuery({ queryKey: STATE_KEY, queryFn: () => api.server.get({}) })
  const info = useQuery({ queryKey: ['system', 'info'], queryFn: () => api.system.info({}) })
  const desktop = info.data?.desktop ?? false
  const [form, setForm] = useState<Form>(EMPTY)
  const [fieldErrors, setFieldErrors] = useState<Record<string, string>>({})
  const [tested, setTested] = useState<ServerTestResult | null>(null)
  const save = useAction()
  const test = useAction()
  const forget = useAction()
  useEffect(() => {
    if (state.data) setForm(formOf(state.data.setting))
  }, [state.data])

  if (state.isPending) return <Loader aria-label="Chargement" />
  if (state.isError)
    return (
      <Alert color="red" role="alert" title="Réglage du serveur illisible">
        {state.error.message}
      </Alert>
    )
  const s = state.data
  const set = <K extends keyof Form>(key: K, value: Form[K]) => {
    setForm((f) => ({ ...f, [key]: value }))
    setFieldErrors((e) => ({ ...e, [key]: '' }))
    setTested(null)
  }
  const placeErrors = (error: unknown) => {
    if (!(error instanceof ApiError)) return
    const next: Record<string, string> = {}
    for (const field of error.fields)
      next[field.path] = field.message.startsWith(`${field.label} : `)
        ? field.message.slice(field.label.length + 3)
        : field.message
    setFieldErrors(next)
  }
  const run = async (work: () => Promise<unknown>, done: string, action: ReturnType<typeof useAction>) => {
    setFieldErrors({})
    await action.run(work, done)
  }
  const onSave = (event: React.FormEvent) => {
    event.preventDefault()
    void run(
      async () => {
        try {
          const saved = await api.server.save(inputOf(form))
          client.setQueryData(STATE_KEY, saved)
        } catch (error) {
          placeErrors(error)
          throw error
        }
      },
      'Réglage du serveur enregistré.',
      save,
    )
  }
  const onTest = () => {
    setTested(null)
    void run(
      async () => {
        try {
          setTested(await api.server.test(inputOf(form)))
        } catch (error) {
          placeErrors(error)
          throw error
        }
      },
      'Test de connexion terminé.',
      test,
    )
  }
  const chooseCa = async () => {
    const { paths } = await api.files.chooseOpen({
      title: 'Certificat de l’autorité du serveur',
      filters: [{ name: 'Certificat PEM', extensions: ['pem', 'crt', 'cer'] }],
    })
    if (paths[0]) set('caFile', paths[0])
  }
  const failure = save.failure ?? test.failure ?? forget.failure
  const unplaced =
    failure && !(failure instanceof ApiError && failure.fields.length > 0) ? (failure as Error).message : null

  return (
    <form onSubmit={onSave} noValidate aria-label="Serveur PostgreSQL">
      <Stack maw={720}>
        <Alert color="blue" title="Prend effet au prochain démarrage">
          <Text size="sm">
            Avec plusieurs postes, les agents travaillent sur une même base, sur un serveur PostgreSQL de la
            commune. Ce réglage est lu au démarrage de Marelle : la bascule vers le serveur se fait au
            prochain démarrage, jamais pendant le travail.
          </Text>
          <Text size="sm" mt="xs">
            {currentModeText(s, desktop)}
          </Text>
        </Alert>
        {s.fileProblem && (
          <Alert color="orange" role="alert" title="Fichier du réglage inutilisable">
            <Text size="sm">{s.fileProblem}</Text>
            <Text size="sm" mt="xs">
              Enregistrez le serveur ci-dessous pour le remplacer.
            </Text>
          </Alert>
        )}
        {unplaced && (
          <Alert color="red" role="alert" title="Refusé">
            <Text size="sm" style={{ whiteSpace: 'pre-line' }}>
              {unplaced}
            </Text>
          </Alert>
        )}
        <Group grow align="flex-start">
          <TextInput
            label="Adresse du serveur"
            description="Nom ou adresse IP, par exemple pg.mairie.local"
            value={form.host}
            onChange={(e) => set('host', e.currentTarget.value)}
            error={fieldErrors.host || undefined}
            required
          />
          <NumberInput
            label="Port"
            value={form.port}
            onChange={(v) => set('port', v)}
            min={1}
            max={65535}
            allowDecimal={false}
            error={fieldErrors.port || undefined}
            maw={140}
            required
          />
        </Group>
        <Group grow align="flex-start">
          <TextInput
            label="Base de données"
            value={form.database}
            onChange={(e) => set('database', e.currentTarget.value)}
            error={fieldErrors.database || undefined}
            required
          />
          <TextInput
            label="Utilisateur"
            description="Le rôle de l’application (marelle_app), pas le propriétaire"
            value={form.user}
            onChange={(e) => set('user', e.currentTarget.value)}
            error={fieldErrors.user || undefined}
            required
          />
        </Group>
        <Select
          label="Chiffrement de la connexion (sslmode)"
          description="Vérification complète : le certificat du serveur est vérifié avec celui de l’autorité, et son nom avec l’adresse"
          data={SSL_MODES.map((m) => ({ value: m, label: SSL_MODE_LABELS[m] }))}
          value={form.sslmode}
          onChange={(v) => v && set('sslmode', v as SslMode)}
          allowDeselect={false}
          error={fieldErrors.sslmode || undefined}
        />
        {form.sslmode !== 'disable' && (
          <Group align="flex-end" wrap="nowrap">
            <TextInput
              label="Certificat de l’autorité (fichier CA)"
              description={
                desktop
                  ? 'Le fichier .pem de l’autorité qui a signé le certificat du serveur'
                  : 'Chemin du fichier .pem sur cette machine'
              }
              value={form.caFile}
              onChange={(e) => set('caFile', e.currentTarget.value)}
              readOnly={desktop}
              error={fieldErrors.caFile || undefined}
              required={form.sslmode === 'verify-full'}
              style={{ flex: 1 }}
            />
            {desktop && (
              <Button variant="default" leftSection={<IconFileCertificate size={18} />} onClick={chooseCa}>
                Choisir…
              </Button>
            )}
          </Group>
        )}
        <PasswordInput
          label="Mot de passe"
          description={PASSWORD_STATE[s.password]}
          placeholder={
            s.password === 'saved' ? 'Laisser vide pour garder le mot de passe enregistré' : undefined
          }
          value={form.password}
          onChange={(e) => set('password', e.currentTarget.value)}
          disabled={s.password === 'environment'}
          error={fieldErrors.password || undefined}
          autoComplete="new-password"
        />
        <Group>
          <Button type="submit" loading={save.busy}>
            Enregistrer
          </Button>
          <Button
            variant="default"
            leftSection={<IconPlugConnected size={18} />}
            onClick={onTest}
            loading={test.busy}
          >
            Tester la connexion
          </Button>
          {s.password === 'saved' && (
            <Button
              variant="subtle"
              color="red"
              loading={forget.busy}
              onClick={() =>
                void forget.run(async () => {
                  client.setQueryData(STATE_KEY, await api.server.forgetPassword({}))
                }, 'Mot de passe oublié sur ce poste.')
              }
            >
              Oublier le mot de passe
            </Button>
          )}
        </Group>
        {test.busy && (
          <Group gap="xs" role="status">
            <Loader size="xs" />
            <Text size="sm">Connexion au serveur…</Text>
          </Group>
        )}
        {tested && (
          <Alert
            color={tested.ok ? 'teal' : 'orange'}
            role="status"
            title={tested.ok ? 'Connexion réussie' : 'La connexion ne convient pas encore'}
          >
            <Text size="sm">{tested.message}</Text>
            {tested.serverVersion !== null && (
              <Text size="sm" mt="xs">
                Schéma trouvé sur le serveur : {tested.serverVersion || 'aucun'} — attendu par cette version :{' '}
                {tested.expectedVersion}
              </Text>
            )}
          </Alert>
        )}
        <Stack gap={4}>
          <Title order={5}>Réglage enregistré</Title>
          {s.setting ? (
            <Text size="sm">
              Adresse du serveur, sans mot de passe : <Code>{s.address}</Code> (pour « marelle … migrate »,
              l’administrateur y met le rôle propriétaire, marelle_owner).
            </Text>
          ) : (
            <Text size="sm">Aucun serveur réglé sur ce poste.</Text>
          )}
          <Text size="sm" c="dimmed">
            Fichier : <Code>{s.filePath}</Code> (il peut être copié d’un poste à l’autre ; il ne contient
            jamais le mot de passe). Mot de passe : {s.passwordWhere}.
          </Text>
        </Stack>
      </Stack>
    </form>
  )
}
