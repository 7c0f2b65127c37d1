import { migratePostgres } from '../backend/db/postgres/migrate'
import { isPostgresUrl, openPostgres } from '../backend/db/postgres/open'
import { AppError } from '../backend/errors'
import { EXIT_OK, EXIT_REJECTED, type Output } from './command'
import { backupOnPostgres, checkOnPostgres } from './postgres-maintenance'

/** The variable that names the database when --db is not given (a file path or a postgres:// address). */
export const DATABASE_URL_VARIABLE = 'MARELLE_DATABASE_URL'

/** --db, or else MARELLE_DATABASE_URL. */
export function databaseTarget(db: unknown, env: NodeJS.ProcessEnv = process.env): string | undefined {
  if (typeof db === 'string' && db !== '') return db
  return env[DATABASE_URL_VARIABLE] || undefined
}

export { isPostgresUrl }

/**
 * A command on a PostgreSQL server (docs/architecture.md, « PostgreSQL »).
 * For now only `migrate`, which the administrator runs (desktops never
 * migrate a shared schema themselves); the other commands still work on a
 * SQLite file.
 */
export async function runOnPostgres(url: string, commandName: string, io: Output): Promise<number> {
  if (commandName === 'backup') return backupOnPostgres(io)
  if (commandName === 'check') return checkOnPostgres(url, io)
  if (commandName !== 'migrate') {
    io.err(
      `Avec une base sur serveur PostgreSQL, seule la commande « migrate » est disponible pour l’instant ; « ${commandName} » travaille sur un fichier SQLite (--db FICHIER).`,
    )
    return EXIT_REJECTED
  }
  try {
    const server = await openPostgres(url, { max: 1, applicationName: 'marelle migrate' })
    try {
      const result = await migratePostgres(server.db)
      if (result.applied.length === 0) io.out(`La base ${server.target} est déjà à jour.`)
      else io.out(`Base ${server.target} : migrations appliquées : ${result.applied.join(', ')}.`)
      return EXIT_OK
    } finally {
      await server.close()
    }
  } catch (error) {
    io.err(error instanceof AppError ? error.message : `Erreur inattendue : ${(error as Error).message}`)
    return EXIT_REJECTED
  }
}
