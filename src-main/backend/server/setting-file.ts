import { existsSync, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs'
import { dirname, join } from 'node:path'
import { type ServerSetting, serverSettingSchema } from '@shared/contract/server'
import { formatIssues } from '@shared/validation/format-issues'
import { AppError } from '../errors'

// marelle-serveur.json, beside the database: where this desktop's shared
// PostgreSQL server is (host, port, database, user, sslmode, CA file). Never
// the password, which the secret store keeps (secret-store.ts). An
// administrator may write it by hand or copy it from desktop to desktop:
// it is checked with the same schema as Paramètres.

export const SETTING_FILE_NAME = 'marelle-serveur.json'

export function settingFilePath(databasePath: string): string {
  return join(dirname(databasePath), SETTING_FILE_NAME)
}

/** The setting kept, or null when there is none; a French refusal naming the field when the file is wrong. */
export function readSettingFile(path: string): ServerSetting | null {
  if (!existsSync(path)) return null
  let content: unknown
  try {
    content = JSON.parse(readFileSync(path, 'utf8'))
  } catch {
    throw new AppError(
      'VALIDATION',
      `${path} n’est pas un fichier JSON lisible : corrigez-le ou enregistrez à nouveau le serveur dans Paramètres.`,
    )
  }
  const parsed = serverSettingSchema.safeParse(content)
  if (!parsed.success) {
    const problems = formatIssues(parsed.error, serverSettingSchema).map((p) => p.message)
    throw new AppError('VALIDATION', `${path} : ${problems.join(' ; ')}.`)
  }
  return parsed.data
}

/** Writes the setting whole (a temporary file renamed over the old one: never half a file). */
export function writeSettingFile(path: string, setting: ServerSetting): void {
  const { host, port, database, user, sslmode, caFile } = setting
  writeFileSync(
    `${path}.tmp`,
    `${JSON.stringify({ host, port, database, user, sslmode, caFile }, null, 2)}\n`,
  )
  renameSync(`${path}.tmp`, path)
}

export function removeSettingFile(path: string): void {
  rmSync(path, { force: true })
}
