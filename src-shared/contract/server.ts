import { z } from '../zod'
import { channel } from './define'

// Paramètres → Serveur PostgreSQL (administrators): where the desktops' shared
// database server is, kept in marelle-serveur.json beside the database, the
// password apart, protected by the system (docs/architecture.md, « PostgreSQL »).

export const SSL_MODES = ['disable', 'require', 'verify-full'] as const
export type SslMode = (typeof SSL_MODES)[number]

export const SSL_MODE_LABELS: Record<SslMode, string> = {
  disable: 'désactivé',
  require: 'exigé (chiffré, certificat non vérifié)',
  'verify-full': 'vérification complète (certificat et nom du serveur)',
}

/** A host name, an IPv4 address or an IPv6 address: no space, slash, "@" or "?". */
const HOST =
  /^(?:[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?(?:\.[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?)*|\[?[0-9A-Fa-f:.]+\]?)$/
/** A PostgreSQL identifier as staff type it (database, role): no space nor URL character. */
const NAME = /^[A-Za-z_][A-Za-z0-9_$-]*$/

export const serverSettingFields = {
  host: z
    .string()
    .trim()
    .min(1, { error: 'à renseigner', abort: true })
    .max(253)
    .regex(HOST, 'un nom de serveur ou une adresse IP, sans espace ni « / » (par exemple pg.mairie.local)')
    .describe('Adresse du serveur'),
  port: z.number().int().min(1).max(65535).describe('Port'),
  database: z
    .string()
    .trim()
    .min(1, { error: 'à renseigner', abort: true })
    .max(63)
    .regex(NAME, 'lettres, chiffres, « _ » ou « - », sans espace (par exemple marelle)')
    .describe('Base de données'),
  user: z
    .string()
    .trim()
    .min(1, { error: 'à renseigner', abort: true })
    .max(63)
    .regex(NAME, 'lettres, chiffres, « _ » ou « - », sans espace (par exemple marelle_app)')
    .describe('Utilisateur'),
  sslmode: z.enum(SSL_MODES).describe('Chiffrement de la connexion (sslmode)'),
  caFile: z.string().trim().max(1000).nullable().describe('Certificat de l’autorité (fichier CA)'),
}

/** verify-full checks the server's certificate against the authority's: its file is needed. */
function requireCaFile(value: { sslmode: SslMode; caFile: string | null }, ctx: z.RefinementCtx): void {
  if (value.sslmode === 'verify-full' && !value.caFile)
    ctx.addIssue({
      code: 'custom',
      path: ['caFile'],
      message:
        'à choisir pour la vérification complète (le certificat de l’autorité qui a signé celui du serveur)',
    })
}

/** What marelle-serveur.json holds (never the password). */
export const serverSettingSchema = z.object(serverSettingFields).strict().superRefine(requireCaFile)

export type ServerSetting = z.infer<typeof serverSettingSchema>

const password = z.string().min(1).max(1000).describe('Mot de passe')

const withPassword = z
  .object({
    ...serverSettingFields,
    /** A new password to keep; absent: the one kept before (or PGPASSWORD/.pgpass without a store). */
    password: password.optional(),
  })
  .strict()
  .superRefine(requireCaFile)

/** Where the password comes from on this desktop. */
export type PasswordState =
  /** Kept, protected by the system (never sent back to the page). */
  | 'saved'
  /** Nothing kept yet. */
  | 'absent'
  /** Kept but not readable here (another Windows profile…): to type again. */
  | 'unreadable'
  /** No store in this host (web host, command line): PGPASSWORD or .pgpass. */
  | 'environment'

export interface ServerSettingState {
  setting: ServerSetting | null
  /** The local file beside the database. */
  filePath: string
  /** Why the file cannot be used (written by hand with a mistake…), in French; a save replaces it. */
  fileProblem: string | null
  password: PasswordState
  /** Where the password is kept, in French (or where it is read from). */
  passwordWhere: string
  /** The database this process works on now: the server is not used before the next start. */
  currentMode: 'sqlite' | 'postgres'
  /** The address for the administrator's commands, without the password ("postgres://marelle_app@pg/marelle?sslmode=…"). */
  address: string | null
}

export interface ServerTestResult {
  ok: boolean
  /** "utilisateur@hôte:port/base". */
  target: string
  /** What happened, in French: reachable or not, and why; the schema found vs this version's. */
  message: string
  /** The connection was encrypted (TLS), when it could be opened. */
  encrypted: boolean | null
  /** The last migration recorded on the server ('' for an empty database), when it could be read. */
  serverVersion: string | null
  /** The last migration of this version of Marelle. */
  expectedVersion: string
}

/** Why the desktop could not open the server named by marelle-serveur.json at start-up. */
export type StartupProblem =
  /** marelle-serveur.json cannot be used (not JSON, a field wrong). */
  | 'setting'
  /** The server does not answer (address, port, network, firewall). */
  | 'unreachable'
  /** Login or password refused (or pg_hba.conf). */
  | 'login'
  /** The password kept on this desktop cannot be read here (new Windows profile…). */
  | 'password'
  /** No such database on the server. */
  | 'database'
  /** The encrypted connection failed (sslmode, CA file). */
  | 'tls'
  /** The server's schema is not this version's: the administrator migrates it. */
  | 'schema'
  /** Anything else (detail in the application's log). */
  | 'unexpected'

/** Asked by the window before anything else: is the database of this start open, and which one? */
export interface ServerStartupState {
  /** 'open': the window goes on (encryption, sign-in); 'refused': the start-up screen. */
  state: 'open' | 'refused'
  /** The database in use once open. */
  mode: 'sqlite' | 'postgres' | null
  problem: StartupProblem | null
  /** What went wrong and what to do, in French ('' when open). */
  message: string
  /** The server's address, without the password (null when no server is set). */
  address: string | null
  /** What the administrator runs when the schema differs, or null. */
  command: string | null
  /** The window asks for the server's password (refused, or unreadable here). */
  askPassword: boolean
  /** marelle-serveur.json of this desktop. */
  settingPath: string | null
  /** Whether an administrator must sign in on the local file to go back to it (false: it has no staff yet, or is locked). */
  localNeedsAdministrator: boolean
}

const startupPassword = z
  .string()
  .min(1, 'saisissez le mot de passe du serveur')
  .max(1000)
  .describe('Mot de passe')

export const serverChannels = {
  /** Asked first by the window (before the recovery key and the sign-in). */
  'server/startupState': channel(z.object({}).strict(), {
    access: 'public',
    whileLocked: true,
    withProvisionalPassword: true,
  }).returns<ServerStartupState>(),
  /** Tries the server again; with a password, keeps it on this desktop once it opened the server. */
  'server/startupRetry': channel(z.object({ password: startupPassword.optional() }).strict(), {
    access: 'public',
    maxBytes: 4096,
  }).returns<ServerStartupState>(),
  /**
   * An administrator's choice: this desktop goes back to its own database file (the setting is
   * removed, the address kept in the local audit log). An administrator of the local file signs in
   * for it, unless the file has no staff yet or waits for its recovery key.
   */
  'server/startupUseLocal': channel(
    z
      .object({
        login: z.string().trim().max(200).optional().describe('Identifiant'),
        password: z.string().max(1000).optional().describe('Mot de passe'),
      })
      .strict(),
    { access: 'public', maxBytes: 4096 },
  ).returns<ServerStartupState>(),
  'server/get': channel(z.object({}).strict(), { access: 'administrateur' }).returns<ServerSettingState>(),
  'server/save': channel(withPassword, { access: 'administrateur' }).returns<ServerSettingState>(),
  'server/forgetPassword': channel(z.object({}).strict(), {
    access: 'administrateur',
  }).returns<ServerSettingState>(),
  'server/clear': channel(z.object({}).strict(), { access: 'administrateur' }).returns<ServerSettingState>(),
  'server/test': channel(withPassword, { access: 'administrateur' }).returns<ServerTestResult>(),
}
