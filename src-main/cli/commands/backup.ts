import { existsSync } from 'node:fs'
import { resolve } from 'node:path'
import { fileOf } from '../../backend/db/storage/file'
import { type Command, EXIT_OK, EXIT_REJECTED } from '../command'

export const backupCommand: Command = {
  name: 'backup',
  summary:
    'Copie la base en cours d’utilisation (sauvegarde en ligne de SQLite, sûre pendant que l’application écrit).',
  usage: 'backup --out FICHIER',
  options: { out: { type: 'string' } },
  requiredOptions: ['out'],
  database: 'raw',
  async run(ctx, { values }, io) {
    const target = resolve(String(values.out))
    if (existsSync(target)) {
      io.err(`Le fichier ${target} existe déjà : choisissez un autre nom, rien n’a été écrasé.`)
      return EXIT_REJECTED
    }
    const result = await fileOf(ctx.storage).copyTo(target)
    io.out(`Sauvegarde écrite : ${result.path} (${result.pages} pages).`)
    return EXIT_OK
  },
}
