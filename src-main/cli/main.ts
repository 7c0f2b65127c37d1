import { existsSync } from 'node:fs'
import { userInfo } from 'node:os'
import { dirname, join, resolve } from 'node:path'
import { parseArgs } from 'node:util'
import { commandLineActor, commandLineActorAs } from '../backend/auth/actor'
import type { Logger, StaffContext } from '../backend/context'
import { systemClock } from '../backend/context'
import { migrate } from '../backend/db/migrate'
import type { OpenDatabase } from '../backend/db/open'
import { KEY_VARIABLE, keyFromSources } from '../backend/encryption/key-source'
import { AppError } from '../backend/errors'
import { packageVersion } from '../backend/version'
import { type Command, EXIT_OK, EXIT_REJECTED, EXIT_USAGE, type Output, UsageError } from './command'
import { commands } from './commands/index'
import { openForCommand } from './open-for-command'
import { databaseTarget, isPostgresUrl, runOnPostgres } from './postgres-target'
import { runCommandOnServer } from './server-command'

const stdio: Output = {
  out: (line) => process.stdout.write(`${line}\n`),
  err: (line) => process.stderr.write(`${line}\n`),
}

function helpText(): string {
  return [
    `marelle ${packageVersion()} : outil en ligne de commande de Marelle`,
    '',
    'Usage : marelle --db FICHIER [--as IDENTIFIANT] [--key-file FICHIER] <commande> [options]',
    '',
    'Commandes :',
    ...commands.flatMap((c) => [`  ${c.usage}`, `      ${c.summary}`]),
    '',
    'Options générales :',
    '  --db FICHIER        la base de données (créée par « migrate » si elle n’existe pas)',
    '                      ou l’adresse d’un serveur PostgreSQL (postgres://utilisateur@hôte/base : les commandes',
    '                      des dossiers et des demandes, « migrate », « check » ; « transfer --to » y copie un fichier) ;',
    '                      à défaut, la variable MARELLE_DATABASE_URL',
    '  --as IDENTIFIANT    le compte du personnel au nom duquel agir (journal d’audit)',
    '  --key-file FICHIER  la clé de la base chiffrée (64 caractères hexadécimaux ou la clé de secours) ;',
    `                      à défaut, la variable ${KEY_VARIABLE}`,
    '  --help              cette aide ; « marelle <commande> --help » : l’aide d’une commande',
    '',
    'Codes de sortie : 0 réussite, 1 saisie refusée ou vérification en échec, 2 usage incorrect.',
  ].join('\n')
}

/** Finds the command named by the first one or two positional words. */
function findCommand(words: string[]): { command: Command; rest: string[] } | null {
  for (const size of [2, 1]) {
    const name = words.slice(0, size).join(' ')
    const command = commands.find((c) => c.name === name)
    if (command && words.length >= size) return { command, rest: words.slice(size) }
  }
  return null
}

const quietLog: Logger = {
  info: () => {},
  warn: (message) => stdio.err(`Avertissement : ${message}`),
  error: (message, ...rest) => stdio.err(`${message} ${rest.map(String).join(' ')}`),
}

export async function main(argv: string[], io: Output = stdio): Promise<number> {
  // Global options come before the command; the command's own after it.
  const global = parseArgs({
    args: argv,
    options: {
      db: { type: 'string' },
      as: { type: 'string' },
      'key-file': { type: 'string' },
      help: { type: 'boolean', short: 'h' },
    },
    allowPositionals: true,
    strict: false,
  })
  const words = global.positionals
  if (global.values.help && words.length === 0) {
    io.out(helpText())
    return EXIT_OK
  }
  const found = findCommand(words)
  if (!found) {
    io.err(words.length === 0 ? 'Aucune commande donnée.' : `Commande inconnue : ${words.join(' ')}`)
    io.err(helpText())
    return EXIT_USAGE
  }
  const { command } = found
  let parsed: ReturnType<typeof parseArgs>
  try {
    parsed = parseArgs({
      args: argv,
      options: {
        db: { type: 'string' },
        as: { type: 'string' },
        'key-file': { type: 'string' },
        help: { type: 'boolean', short: 'h' },
        ...command.options,
      },
      allowPositionals: true,
      strict: true,
    })
  } catch (error) {
    io.err(`Usage : marelle --db FICHIER ${command.usage}`)
    io.err((error as Error).message)
    return EXIT_USAGE
  }
  if (parsed.values.help) {
    io.out(`Usage : marelle --db FICHIER ${command.usage}\n\n${command.summary}`)
    return EXIT_OK
  }
  const missing = (command.requiredOptions ?? []).filter((o) => {
    const value = parsed.values[o]
    return value === undefined || value === ''
  })
  if (missing.length > 0) {
    io.err(`Option obligatoire manquante : ${missing.map((o) => `--${o}`).join(', ')}`)
    io.err(`Usage : marelle --db FICHIER ${command.usage}`)
    return EXIT_USAGE
  }
  const dbPath = databaseTarget(parsed.values.db)
  if (dbPath !== undefined && isPostgresUrl(dbPath))
    return ['migrate', 'backup', 'check'].includes(command.name)
      ? runOnPostgres(dbPath, command.name, io)
      : runCommandOnServer(
          dbPath,
          command,
          { values: parsed.values, positionals: parsed.positionals, log: quietLog },
          io,
        )
  if (typeof dbPath !== 'string' || dbPath === '') {
    io.err('--db FICHIER est obligatoire.')
    io.err(`Usage : marelle --db FICHIER ${command.usage}`)
    return EXIT_USAGE
  }
  const databasePath = resolve(dbPath)
  if (command.name !== 'migrate' && !existsSync(databasePath)) {
    io.err(`La base ${databasePath} n’existe pas : créez-la avec « marelle --db ${dbPath} migrate ».`)
    return EXIT_REJECTED
  }
  let opened: OpenDatabase
  let key: Buffer | null
  try {
    const keyFile = parsed.values['key-file']
    key = keyFromSources(
      typeof keyFile === 'string' ? resolve(keyFile) : undefined,
      process.env[KEY_VARIABLE],
    )
    opened = openForCommand(command, databasePath, key, io)
  } catch (error) {
    io.err(error instanceof AppError ? error.message : `Erreur inattendue : ${(error as Error).message}`)
    return EXIT_REJECTED
  }
  try {
    const backupsDir = join(dirname(databasePath), 'backups')
    if (command.database === 'migrated') migrate(opened.sqlite, { backupsDir })
    // --as names the account (refused when disabled or locked); the audit log names it and the system user.
    const asLogin = parsed.values.as
    const systemUser = userInfo().username
    const signed =
      typeof asLogin === 'string'
        ? await commandLineActorAs(opened.db, asLogin, systemUser, systemClock.now())
        : commandLineActor(systemUser)
    // The command is the source of the health reads it makes (docs/donnees-de-sante.md).
    const actor = { ...signed, command: `marelle ${command.name}` }
    const ctx: StaffContext = {
      db: opened.db,
      storage: opened.storage,
      clock: systemClock,
      log: quietLog,
      paths: { databasePath, backupsDir, logsDir: null },
      version: packageVersion(),
      session: { staffId: actor.staffId },
      actor,
    }
    const rest = parsed.positionals.slice(command.name.split(' ').length)
    if (command.database === 'closed') await opened.close()
    return await command.run(ctx, { values: parsed.values, positionals: rest, key }, io)
  } catch (error) {
    if (error instanceof UsageError) {
      io.err(error.message)
      io.err(`Usage : marelle --db FICHIER ${command.usage}`)
      return EXIT_USAGE
    }
    if (error instanceof AppError) {
      io.err(error.message)
      return EXIT_REJECTED
    }
    const fault = opened.storage.errorOf(error)
    if (fault) {
      io.err(fault.message)
      return EXIT_REJECTED
    }
    io.err(`Erreur inattendue : ${(error as Error).message}`)
    return EXIT_REJECTED
  } finally {
    await opened.close()
  }
}
