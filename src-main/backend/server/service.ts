import { accessSync, constants, readFileSync, statSync } from 'node:fs'
import type { ServerSetting, ServerSettingState } from '@shared/contract/server'
import { writeAudit } from '../audit/service'
import type { DesktopFiles, Services, StaffContext } from '../context'
import { inTransaction } from '../db/transaction'
import { AppError, invalidField } from '../errors'
import { displayUrl } from './address'
import type { SecretStore } from './secret-store'
import { readSettingFile, removeSettingFile, settingFilePath, writeSettingFile } from './setting-file'

// Paramètres → Serveur PostgreSQL (docs/architecture.md, « PostgreSQL »): the
// setting in marelle-serveur.json, the password in the secret store. The
// setting is read at start-up only: this process keeps its database until the
// next start.

const FIELD_LABELS: Record<keyof ServerSetting, string> = {
  host: 'Adresse du serveur',
  port: 'Port',
  database: 'Base de données',
  user: 'Utilisateur',
  sslmode: 'Chiffrement de la connexion (sslmode)',
  caFile: 'Certificat de l’autorité (fichier CA)',
}

export function serverState(ctx: Services): ServerSettingState {
  const filePath = settingFilePath(ctx.paths.databasePath)
  let setting: ServerSetting | null = null
  let fileProblem: string | null = null
  try {
    setting = readSettingFile(filePath)
  } catch (error) {
    if (!(error instanceof AppError)) throw error
    fileProblem = error.message
  }
  const store = ctx.serverSecrets
  const stored = store?.load()
  return {
    setting,
    filePath,
    fileProblem,
    password: !stored ? 'environment' : stored.state === 'present' ? 'saved' : stored.state,
    passwordWhere: store
      ? store.description
      : 'pas de coffre dans ce mode : variable PGPASSWORD ou fichier .pgpass (pgpass.conf sous Windows) de cet utilisateur',
    currentMode: ctx.storage.kind,
    address: setting ? displayUrl(setting) : null,
  }
}

/** The password to connect with: typed now, else kept; null lets pg read PGPASSWORD or .pgpass. */
export function passwordFor(ctx: Services, typed: string | undefined): string | null {
  if (typed) return typed
  const stored = ctx.serverSecrets?.load()
  return stored?.state === 'present' ? stored.password : null
}

/** CA files staff chose in a dialog of this process (a grant is used once; test then save both need it). */
const chosenCaFiles = new WeakMap<DesktopFiles, Set<string>>()

/**
 * The CA file must be readable and hold a PEM certificate. On the desktop it
 * is the one kept before or one chosen in the file dialog (the page never
 * names a file by itself); the web host takes a typed path.
 */
export function checkCaFile(ctx: StaffContext, setting: ServerSetting, kept: ServerSetting | null): void {
  const path = setting.caFile
  if (!path || setting.sslmode === 'disable') return
  const label = FIELD_LABELS.caFile
  if (ctx.desktop && path !== kept?.caFile) {
    const chosen = chosenCaFiles.get(ctx.desktop) ?? new Set<string>()
    chosenCaFiles.set(ctx.desktop, chosen)
    if (!chosen.has(path) && !ctx.desktop.consumeGrant(path))
      throw invalidField('caFile', label, 'choisissez le fichier avec le bouton « Choisir… »')
    chosen.add(path)
  }
  try {
    accessSync(path, constants.R_OK)
    if (!statSync(path).isFile()) throw new Error('not a file')
  } catch {
    throw invalidField('caFile', label, `fichier introuvable ou illisible (${path})`)
  }
  const head = readFileSync(path, 'utf8').slice(0, 65536)
  if (!head.includes('-----BEGIN CERTIFICATE-----'))
    throw invalidField(
      'caFile',
      label,
      'ce fichier ne contient pas de certificat au format PEM (« -----BEGIN CERTIFICATE----- »)',
    )
}

function requireStore(ctx: Services): SecretStore {
  const store = ctx.serverSecrets
  if (!store)
    throw invalidField(
      'password',
      'Mot de passe',
      'ce mode ne garde pas de mot de passe : donnez-le par la variable PGPASSWORD ou le fichier .pgpass',
    )
  return store
}

/** Saves the setting (and a new password); one audit entry, which names the fields changed, never the password. */
export async function saveServer(
  ctx: StaffContext,
  input: ServerSetting & { password?: string },
): Promise<ServerSettingState> {
  const { password, ...setting } = input
  const filePath = settingFilePath(ctx.paths.databasePath)
  const kept = readSettingFileOrNull(filePath)
  checkCaFile(ctx, setting, kept)
  const store = password ? requireStore(ctx) : null
  const fields = Object.keys(FIELD_LABELS) as (keyof ServerSetting)[]
  const changes = fields
    .filter((f) => (kept?.[f] ?? null) !== setting[f])
    .map((f) => ({ field: f, label: FIELD_LABELS[f], before: kept?.[f] ?? null, after: setting[f] }))
  if (changes.length === 0 && !password) return serverState(ctx)
  await inTransaction(ctx.db, async (trx) => {
    await writeAudit(trx, ctx.actor, ctx.clock, {
      action: kept ? 'server.update' : 'server.create',
      entityType: 'server',
      changes,
      note: password ? 'Nouveau mot de passe gardé sur ce poste (jamais inscrit ici).' : null,
    })
    // The files last, inside the transaction: a refusal leaves no entry for a change not made.
    writeSettingFile(filePath, setting)
    store?.save(password as string)
  })
  return serverState(ctx)
}

/** A damaged file is replaced by a good save rather than blocking it. */
function readSettingFileOrNull(path: string): ServerSetting | null {
  try {
    return readSettingFile(path)
  } catch {
    return null
  }
}

export async function forgetServerPassword(ctx: StaffContext): Promise<ServerSettingState> {
  const store = requireStore(ctx)
  if (store.load().state === 'absent') return serverState(ctx)
  await inTransaction(ctx.db, async (trx) => {
    await writeAudit(trx, ctx.actor, ctx.clock, {
      action: 'server.password.forget',
      entityType: 'server',
      note: 'Mot de passe du serveur oublié sur ce poste.',
    })
    store.clear()
  })
  return serverState(ctx)
}

/** Removes the setting and the password: this desktop stays on its own database. */
export async function clearServer(ctx: StaffContext): Promise<ServerSettingState> {
  const filePath = settingFilePath(ctx.paths.databasePath)
  const kept = readSettingFileOrNull(filePath)
  const stored = ctx.serverSecrets?.load().state ?? 'absent'
  if (!kept && stored === 'absent') return serverState(ctx)
  await inTransaction(ctx.db, async (trx) => {
    await writeAudit(trx, ctx.actor, ctx.clock, {
      action: 'server.clear',
      entityType: 'server',
      changes: kept ? [{ field: 'address', label: 'Serveur', before: displayUrl(kept), after: null }] : [],
      note: 'Réglage du serveur PostgreSQL retiré de ce poste.',
    })
    removeSettingFile(filePath)
    ctx.serverSecrets?.clear()
  })
  return serverState(ctx)
}
