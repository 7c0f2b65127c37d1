import { migrations } from '@db/migrations/index'
import type { ServerSetting, ServerTestResult } from '@shared/contract/server'
import { sql } from 'kysely'
import type { StaffContext } from '../context'
import { postgresError } from '../db/postgres/errors'
import { appliedPostgresMigrations, planPostgres } from '../db/postgres/migrate'
import { type OpenPostgres, openPostgres } from '../db/postgres/open'
import { AppError } from '../errors'
import { connectionUrl } from './address'
import { checkCaFile, passwordFor } from './service'
import { readSettingFile, settingFilePath } from './setting-file'

// « Tester la connexion » of Paramètres → Serveur: opens the server with what
// the form holds, says in French what went wrong (not reachable, login
// refused, no such database, TLS) or which schema it found against this
// version's, then closes it. Nothing is written, here or on the server.

/**
 * What to tell the administrator about the schema found, or null when it is
 * this version's. The migration runner's plan decides (a newer server, or a
 * database Marelle did not create, is refused with its own words).
 */
function schemaProblem(applied: string[], expected: string): string | null {
  let pending: number
  try {
    pending = planPostgres(new Set(applied)).length
  } catch (error) {
    if (error instanceof AppError) return error.message
    throw error
  }
  if (pending === 0) return null
  const ask =
    'demandez à l’administrateur de lancer `marelle --db postgres://… migrate` (avec le rôle propriétaire).'
  const found = applied.at(-1) ?? ''
  if (found === '') return `La base du serveur est vide (aucune migration) : ${ask}`
  return `Le schéma du serveur (${found}) n’est pas celui de cette version de Marelle (${expected}) : ${ask}`
}

export async function testServer(
  ctx: StaffContext,
  input: ServerSetting & { password?: string },
): Promise<ServerTestResult> {
  const { password, ...setting } = input
  const expectedVersion = migrations.at(-1)?.name ?? ''
  const kept = (() => {
    try {
      return readSettingFile(settingFilePath(ctx.paths.databasePath))
    } catch {
      return null
    }
  })()
  checkCaFile(ctx, setting, kept)
  const url = connectionUrl(setting, passwordFor(ctx, password))
  const target = `${setting.user}@${setting.host}:${setting.port}/${setting.database}`
  let server: OpenPostgres
  try {
    server = await openPostgres(url, {
      max: 1,
      applicationName: 'marelle (test de connexion)',
      connectTimeoutMs: 5000,
    })
  } catch (error) {
    const refusal = error instanceof AppError ? error : postgresError(error, url)
    if (!refusal) throw error
    return {
      ok: false,
      target,
      message: refusal.message,
      encrypted: null,
      serverVersion: null,
      expectedVersion,
    }
  }
  try {
    const ssl = await sql<{ ssl: boolean | null }>`
      SELECT ssl FROM pg_stat_ssl WHERE pid = pg_backend_pid()`.execute(server.db)
    const encrypted = ssl.rows[0]?.ssl === true
    const applied = await appliedPostgresMigrations(server.db)
    const serverVersion = applied.at(-1) ?? ''
    const problem = schemaProblem(applied, expectedVersion)
    const how = encrypted
      ? setting.sslmode === 'verify-full'
        ? 'connexion chiffrée, certificat du serveur vérifié'
        : 'connexion chiffrée, certificat non vérifié'
      : 'connexion non chiffrée'
    return {
      ok: problem === null,
      target,
      message: problem
        ? `Serveur joint (${target}, ${how}). ${problem}`
        : `Connexion réussie à ${target} (${how}) ; schéma à jour (${serverVersion}).`,
      encrypted,
      serverVersion,
      expectedVersion,
    }
  } catch (error) {
    const refusal = postgresError(error, url)
    if (!refusal) throw error
    return {
      ok: false,
      target,
      message: refusal.message,
      encrypted: null,
      serverVersion: null,
      expectedVersion,
    }
  } finally {
    await server.close()
  }
}
