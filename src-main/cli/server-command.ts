import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir, userInfo } from 'node:os'
import { join } from 'node:path'
import { commandLineActor, commandLineActorAs } from '../backend/auth/actor'
import type { Logger, StaffContext } from '../backend/context'
import { systemClock } from '../backend/context'
import { refuseOtherSchema } from '../backend/db/postgres/migrate'
import { openPostgres } from '../backend/db/postgres/open'
import { AppError } from '../backend/errors'
import { packageVersion } from '../backend/version'
import { type Command, EXIT_REJECTED, EXIT_USAGE, type Output, UsageError, type Values } from './command'

// A service command (family show, requests list/decide, …) on a PostgreSQL
// server (docs/architecture.md, « Mode serveur »). The schema must be this
// version's (the administrator migrates it: `marelle --db postgres://… migrate`);
// the commands that work on the file itself are refused with what to use.

/** Commands whose subject is the SQLite file (its pages, copies, key): not run on a server. */
const FILE_COMMANDS: Record<string, string> = {
  transfer:
    '« transfer » copie un fichier vers le serveur : « marelle --db marelle.db transfer --to postgres://… ».',
  restore: 'Une base sur serveur se restaure avec pg_restore, sur le serveur.',
  encrypt:
    'Le chiffrement de Marelle est celui du fichier SQLite ; sur un serveur, utilisez TLS et le chiffrement du disque du serveur.',
  decrypt: 'Le chiffrement de Marelle est celui du fichier SQLite ; une base sur serveur n’en a pas.',
}

export function fileOnlyRefusal(name: string): string | null {
  const why = FILE_COMMANDS[name]
  return why ? `La commande « ${name} » travaille sur un fichier SQLite. ${why}` : null
}

export interface ServerCommandInput {
  values: Values
  positionals: string[]
  log: Logger
}

/** Runs `command` with a context whose db and storage are the server's; exit code as on a file. */
export async function runCommandOnServer(
  url: string,
  command: Command,
  input: ServerCommandInput,
  io: Output,
): Promise<number> {
  const refusal = fileOnlyRefusal(command.name)
  if (refusal) {
    io.err(refusal)
    return EXIT_REJECTED
  }
  let server: Awaited<ReturnType<typeof openPostgres>>
  try {
    server = await openPostgres(url, { max: 2, applicationName: `marelle ${command.name}` })
  } catch (error) {
    io.err(error instanceof AppError ? error.message : `Erreur inattendue : ${(error as Error).message}`)
    return EXIT_REJECTED
  }
  // This run's own files (CSV staging…): a folder of its own, removed at the end.
  const localDir = mkdtempSync(join(tmpdir(), 'marelle-serveur-'))
  try {
    await refuseOtherSchema(server.db)
    const asLogin = input.values.as
    const systemUser = userInfo().username
    const signed =
      typeof asLogin === 'string'
        ? await commandLineActorAs(server.db, asLogin, systemUser, systemClock.now())
        : commandLineActor(systemUser)
    const actor = { ...signed, command: `marelle ${command.name}` }
    const ctx: StaffContext = {
      db: server.db,
      storage: server.storage,
      clock: systemClock,
      log: input.log,
      paths: {
        databasePath: join(localDir, 'serveur-postgresql'),
        backupsDir: join(localDir, 'backups'),
        logsDir: null,
      },
      version: packageVersion(),
      session: { staffId: actor.staffId },
      actor,
    }
    const rest = input.positionals.slice(command.name.split(' ').length)
    return await command.run(ctx, { values: input.values, positionals: rest, key: null }, io)
  } catch (error) {
    if (error instanceof UsageError) {
      io.err(error.message)
      io.err(`Usage : marelle --db postgres://… ${command.usage}`)
      return EXIT_USAGE
    }
    const fault = error instanceof AppError ? error : server.storage.errorOf(error)
    io.err(fault ? fault.message : `Erreur inattendue : ${(error as Error).message}`)
    return EXIT_REJECTED
  } finally {
    await server.close()
    rmSync(localDir, { recursive: true, force: true })
  }
}
