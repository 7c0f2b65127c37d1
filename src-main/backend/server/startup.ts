import { existsSync, statSync } from 'node:fs'
import type { AuthStatus, SignedInStaff } from '@shared/contract/auth'
import { contract } from '@shared/contract/index'
import type { ServerSetting, ServerStartupState, StartupProblem } from '@shared/contract/server'
import type { Envelope } from '@shared/errors'
import { formatIssues } from '@shared/validation/format-issues'
import { writeAudit } from '../audit/service'
import { loadActor } from '../auth/actor'
import { type Backend, type ServerBackendOptions, serverBackend } from '../bootstrap'
import type { Actor, Logger, Services, Session } from '../context'
import { refuseOtherSchema } from '../db/postgres/migrate'
import { type OpenPostgres, openPostgres } from '../db/postgres/open'
import { inTransaction } from '../db/transaction'
import type { GatedBackend } from '../encryption/unlock'
import { AppError } from '../errors'
import { connectionUrl, displayUrl } from './address'
import type { SecretStore } from './secret-store'
import { readSettingFile, removeSettingFile, settingFilePath } from './setting-file'

// The desktop's start-up (docs/architecture.md, « Mode serveur »): when
// marelle-serveur.json names a server, the back-end opens it with the password
// of the secret store; otherwise the local file opens as it always did. A
// server that cannot be used is never replaced silently by the local file
// (staff would work on stale data beside the others): the window shows the
// start-up screen, which says what is wrong and what to do, asks for the
// password when it was refused or cannot be read here, tries again, or lets an
// administrator bring this desktop back to its own file. Until then only the
// three public channels 'server/startupState', 'server/startupRetry' and
// 'server/startupUseLocal' answer. Plain Node: the Electron shell
// (src-main/shell/main.ts) only gives it its stores and paths.

export interface DesktopStartOptions {
  /** The local database file; marelle-serveur.json lives beside it. */
  databasePath: string
  /** The password store of Paramètres → Serveur (safeStorage on the desktop). */
  serverSecrets?: SecretStore
  log: Logger
  /** Opens the local file as before (encryption/unlock.ts startKeyedBackend). */
  startLocal(): GatedBackend
  /** How the server back-end is built (bootstrap.ts serverBackend). */
  server: Omit<ServerBackendOptions, 'databaseUrl' | 'log' | 'serverSecrets'>
  /** Milliseconds to wait for the server (default 10 s). */
  connectTimeoutMs?: number
}

export interface StartupGate extends GatedBackend {
  /** Settles once the start-up attempt in progress (first one, retry, local) is over. */
  settled(): Promise<void>
  startupState(): ServerStartupState
}

/** Who the audit log names for a choice made before anyone could sign in. */
const STARTUP_ACTOR: Actor = {
  staffId: null,
  login: 'demarrage',
  displayName: 'Choix fait au démarrage du poste',
  role: 'administrateur',
}

interface Refusal {
  problem: StartupProblem
  message: string
  command: string | null
  askPassword: boolean
}

function target(setting: ServerSetting): string {
  return `${setting.user}@${setting.host}:${setting.port}/${setting.database}`
}

/** The command the administrator runs to bring the server's schema to this version (owner role). */
export function migrateCommand(setting: ServerSetting): string {
  return `marelle --db "${displayUrl(setting)}" migrate`
}

/**
 * What to tell staff when the server could not be opened. `error` is the
 * French refusal of openPostgres (db/postgres/errors.ts postgresError), told
 * apart by its words so that the screen can ask for the password.
 */
export function connectionRefusal(error: AppError, setting: ServerSetting, hadPassword: boolean): Refusal {
  const where = target(setting)
  const text = error.message
  const base = { command: null, askPassword: false }
  if (/ne répond pas/.test(text))
    return {
      ...base,
      problem: 'unreachable',
      message: `Le serveur PostgreSQL ${setting.host}:${setting.port} ne répond pas. Vérifiez qu’il est démarré et que le réseau (ou le pare-feu) laisse passer la connexion, puis réessayez. Si la panne dure, un administrateur peut faire revenir ce poste à sa base locale.`,
    }
  if (/refuse la connexion/.test(text))
    return {
      ...base,
      problem: 'login',
      askPassword: true,
      message: hadPassword
        ? `Le serveur PostgreSQL refuse la connexion de « ${setting.user} » (${where}) : mot de passe incorrect, ou accès non autorisé depuis ce poste (pg_hba.conf). Saisissez le mot de passe du serveur.`
        : `Le serveur PostgreSQL refuse la connexion de « ${setting.user} » (${where}) : aucun mot de passe n’est gardé sur ce poste. Saisissez le mot de passe du serveur.`,
    }
  if (/n’existe pas/.test(text))
    return {
      ...base,
      problem: 'database',
      message: `La base « ${setting.database} » n’existe pas sur le serveur ${setting.host}:${setting.port} : vérifiez son nom dans Paramètres (ou dans marelle-serveur.json), ou faites-la créer par l’administrateur du serveur.`,
    }
  if (/chiffrée/.test(text)) return { ...base, problem: 'tls', message: text }
  return { ...base, problem: 'unexpected', message: text }
}

/** The refusal of a server whose schema is not this version's (db/postgres/migrate.ts refuseOtherSchema). */
export function schemaRefusal(error: AppError, setting: ServerSetting): Refusal {
  // A server migrated by a newer Marelle, or a database Marelle did not create: migrating cannot help.
  const migrating = /marelle --db postgres:\/\/… migrate/.test(error.message)
  return {
    problem: 'schema',
    message: migrating
      ? `${error.message.replace(/ : l’administrateur .*$/, '')}. Ce poste ne modifie jamais le schéma d’un serveur partagé : l’administrateur lance la commande ci-dessous (avec le rôle propriétaire de la base à la place de « ${setting.user} »), puis réessayez.`
      : error.message,
    command: migrating ? migrateCommand(setting) : null,
    askPassword: false,
  }
}

function hasFile(path: string): boolean {
  return existsSync(path) && statSync(path).size > 0
}

function failure(code: 'VALIDATION' | 'FORBIDDEN' | 'UNAVAILABLE', message: string): Envelope<never> {
  return { ok: false, error: new AppError(code, message).toPayload() }
}

/**
 * Starts the desktop's back-end from marelle-serveur.json (see above). Without
 * the file the local file opens before it returns (its refusals thrown, as
 * startKeyedBackend's). With it, returns at once: the attempt on the server
 * runs in the background and every call waits for it, so that the window
 * opens while the server is being joined.
 */
export function startDesktopBackend(options: DesktopStartOptions): StartupGate {
  const settingPath = settingFilePath(options.databasePath)
  const log = options.log
  let server: Backend | null = null
  let local: GatedBackend | null = null
  let refusal: Refusal | null = null
  let address: string | null = null
  let markOpen: (b: Backend) => void = () => {}
  const opened = new Promise<Backend>((resolve) => (markOpen = resolve))
  let busy: Promise<unknown> = Promise.resolve()

  /** Runs one step after the one before (a second click waits, then sees its outcome). */
  function serial<T>(step: () => Promise<T>): Promise<T> {
    const next = busy.then(step, step)
    busy = next.catch(() => {})
    return next
  }

  function openLocal(): GatedBackend {
    const gate = options.startLocal()
    local = gate
    refusal = null
    gate.opened.then(markOpen, () => {})
    return gate
  }

  async function attempt(typed: string | undefined): Promise<void> {
    let setting: ServerSetting | null
    try {
      setting = readSettingFile(settingPath)
    } catch (error) {
      if (!(error instanceof AppError)) throw error
      address = null
      refusal = {
        problem: 'setting',
        message: `Le réglage du serveur de ce poste n’est pas utilisable : ${error.message} Réessayez une fois le fichier corrigé, ou revenez à la base locale.`,
        command: null,
        askPassword: false,
      }
      return
    }
    if (!setting) {
      address = null
      openLocal()
      return
    }
    address = displayUrl(setting)
    const stored = typed ? null : options.serverSecrets?.load()
    if (stored?.state === 'unreadable') {
      log.warn(`Stored server password unreadable: ${stored.reason}`)
      refusal = {
        problem: 'password',
        message: `Le mot de passe du serveur gardé sur ce poste n’est pas lisible ici : ${stored.reason}. Saisissez-le à nouveau ; il sera de nouveau gardé sur ce poste.`,
        command: null,
        askPassword: true,
      }
      return
    }
    const password = typed ?? (stored?.state === 'present' ? stored.password : null)
    let opening: OpenPostgres
    try {
      opening = await openPostgres(connectionUrl(setting, password), {
        max: options.server.maxConnections,
        applicationName: options.server.applicationName ?? 'marelle (poste)',
        connectTimeoutMs: options.connectTimeoutMs ?? 10_000,
        nativeBinding: options.server.nativeBinding,
      })
    } catch (error) {
      if (!(error instanceof AppError)) throw error
      log.warn(`Server ${target(setting)} not opened at start-up: ${error.message}`)
      refusal = connectionRefusal(error, setting, password !== null)
      return
    }
    try {
      await refuseOtherSchema(opening.db)
    } catch (error) {
      await opening.close()
      if (!(error instanceof AppError)) throw error
      log.warn(`Server ${target(setting)} refused at start-up: ${error.message}`)
      refusal = schemaRefusal(error, setting)
      return
    }
    const backend = serverBackend(opening, { ...options.server, log, serverSecrets: options.serverSecrets })
    if (typed && options.serverSecrets) {
      try {
        options.serverSecrets.save(typed)
        await inTransaction(backend.services.db, (trx) =>
          writeAudit(trx, STARTUP_ACTOR, backend.services.clock, {
            action: 'server.password.store',
            entityType: 'server',
            note: 'Mot de passe du serveur saisi au démarrage : de nouveau gardé sur ce poste (jamais inscrit ici).',
          }),
        )
      } catch (error) {
        // The server is open: the password is asked again at the next start.
        log.warn('Server password typed at start-up could not be kept', error)
      }
    }
    server = backend
    refusal = null
    markOpen(backend)
  }

  function guarded(step: () => Promise<void>): Promise<void> {
    return serial(async () => {
      try {
        await step()
      } catch (error) {
        log.error('Start-up on the server failed', error)
        refusal = {
          problem: 'unexpected',
          message:
            'Le démarrage a échoué pour une raison inattendue ; le détail est dans le journal de l’application. Réessayez, ou revenez à la base locale.',
          command: null,
          askPassword: false,
        }
      }
    })
  }

  function startupState(): ServerStartupState {
    const common = { address, settingPath, command: null, askPassword: false }
    if (server)
      return {
        ...common,
        state: 'open',
        mode: 'postgres',
        problem: null,
        message: '',
        localNeedsAdministrator: false,
      }
    if (local || !refusal)
      return {
        ...common,
        state: 'open',
        mode: local ? 'sqlite' : null,
        problem: null,
        message: '',
        localNeedsAdministrator: false,
      }
    return {
      ...common,
      ...refusal,
      state: 'refused',
      mode: null,
      localNeedsAdministrator: hasFile(options.databasePath),
    }
  }

  /** Removes the setting once the local file is open, in its audit log (nobody or an administrator signed in). */
  async function leaveServer(backend: Backend, actor: Actor, why: string): Promise<void> {
    const before = address
    await inTransaction(backend.services.db, async (trx) => {
      await writeAudit(trx, actor, backend.services.clock, {
        action: 'server.clear',
        entityType: 'server',
        changes: before ? [{ field: 'address', label: 'Serveur', before, after: null }] : [],
        note: `Au démarrage, ${why} : ce poste revient à sa base locale (choix d’un administrateur) ; le réglage du serveur est retiré.`,
      })
      removeSettingFile(settingPath)
      options.serverSecrets?.clear()
    })
    log.warn(`Back to the local file at start-up (${why}); server setting removed`)
  }

  async function backToLocal(rawInput: unknown, session: Session): Promise<Envelope<ServerStartupState>> {
    if (server || local || !refusal) return { ok: true, value: startupState() }
    const schema = contract['server/startupUseLocal'].input
    const parsed = schema.safeParse(rawInput ?? {})
    if (!parsed.success) {
      const fields = formatIssues(parsed.error, schema)
      return {
        ok: false,
        error: new AppError('VALIDATION', fields.map((f) => f.message).join('\n')).toPayload(),
      }
    }
    const why =
      refusal.problem === 'unreachable'
        ? 'le serveur ne répondait pas'
        : refusal.problem === 'schema'
          ? 'le schéma du serveur n’était pas celui de cette version'
          : 'le serveur n’a pas pu être ouvert'
    const gate = options.startLocal()
    const backend = gate.current()
    if (!backend) {
      // The local file waits for its recovery key, which only an administrator holds:
      // the setting is removed once it is typed, else the next start tries the server again.
      local = gate
      refusal = null
      gate.opened.then(
        async (b) => {
          try {
            await leaveServer(b, { ...STARTUP_ACTOR, login: 'cle-de-secours' }, why)
          } catch (error) {
            log.error('Server setting could not be removed after the recovery key', error)
          }
          markOpen(b)
        },
        () => {},
      )
      return { ok: true, value: startupState() }
    }
    const status = await backend.dispatch('auth/status', {}, { staffId: null })
    if (status.ok && (status.value as AuthStatus).needsSetup) {
      // No account on the local file yet: the first administrator is created next.
      await leaveServer(backend, STARTUP_ACTOR, why)
      local = gate
      refusal = null
      markOpen(backend)
      return { ok: true, value: startupState() }
    }
    const { login, password } = parsed.data
    if (!login || !password) {
      await gate.close()
      return failure(
        'VALIDATION',
        'Revenir à la base locale : un administrateur de ce poste saisit son identifiant et son mot de passe.',
      )
    }
    const signed = await backend.dispatch('auth/login', { login, password }, session)
    if (!signed.ok) {
      await gate.close()
      return signed
    }
    const staff = signed.value as SignedInStaff
    if (staff.role !== 'administrateur') {
      await backend.dispatch('auth/logout', {}, session)
      await gate.close()
      return failure('FORBIDDEN', 'Seul un administrateur peut faire revenir ce poste à sa base locale.')
    }
    const actor = (await loadActor(backend.services.db, staff.id)) ?? STARTUP_ACTOR
    await leaveServer(backend, actor, why)
    local = gate
    refusal = null
    markOpen(backend)
    return { ok: true, value: startupState() }
  }

  async function retry(rawInput: unknown): Promise<Envelope<ServerStartupState>> {
    if (server || local) return { ok: true, value: startupState() }
    const schema = contract['server/startupRetry'].input
    const parsed = schema.safeParse(rawInput ?? {})
    if (!parsed.success) {
      const fields = formatIssues(parsed.error, schema)
      return {
        ok: false,
        error: new AppError('VALIDATION', fields.map((f) => f.message).join('\n'), fields).toPayload(),
      }
    }
    await guarded(() => attempt(parsed.data.password))
    return { ok: true, value: startupState() }
  }

  // No server set: the local file opens here, as before, and its refusals reach the caller.
  if (!existsSync(settingPath)) openLocal()
  else void guarded(() => attempt(undefined))

  return {
    async dispatch(name, rawInput, session) {
      await busy
      if (name === 'server/startupState') return { ok: true, value: startupState() }
      if (name === 'server/startupRetry') return retry(rawInput)
      if (name === 'server/startupUseLocal')
        return serial(() => backToLocal(rawInput, session)).catch((error) => {
          log.error('Going back to the local file failed', error)
          if (error instanceof AppError) return { ok: false, error: error.toPayload() }
          return failure(
            'UNAVAILABLE',
            'La base locale n’a pas pu être ouverte ; le détail est dans le journal de l’application.',
          )
        })
      if (server) return server.dispatch(name, rawInput, session)
      if (local) return local.dispatch(name, rawInput, session)
      return failure('UNAVAILABLE', refusal?.message ?? 'La base de données n’est pas encore ouverte.')
    },
    current: () => server ?? local?.current() ?? null,
    lockState: () => local?.lockState() ?? { locked: false, reason: null },
    opened,
    settled: () => busy.then(() => {}),
    startupState,
    async close() {
      await busy
      await server?.close()
      await local?.close()
    },
  }
}

/** What the channels answer where no start-up gate stands (web host, command line): open as started. */
export function openStartupState(ctx: Services): ServerStartupState {
  return {
    state: 'open',
    mode: ctx.storage.kind,
    problem: null,
    message: '',
    address: null,
    command: null,
    askPassword: false,
    settingPath: null,
    localNeedsAdministrator: false,
  }
}
