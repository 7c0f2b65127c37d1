import { fileOf } from '../../backend/db/storage/file'
import { type Command, EXIT_OK } from '../command'

export const migrateCommand: Command = {
  name: 'migrate',
  summary: 'Crée ou met à jour le schéma de la base (copie de la base avant toute migration).',
  usage: 'migrate',
  database: 'raw',
  async run(ctx, _input, io) {
    const result = fileOf(ctx.storage).migrate({ backupsDir: ctx.paths.backupsDir, now: ctx.clock.now() })
    if (result.applied.length === 0) io.out('La base est déjà à jour.')
    else {
      io.out(`Migrations appliquées : ${result.applied.join(', ')}.`)
      if (result.backupPath) io.out(`Copie de la base avant migration : ${result.backupPath}`)
    }
    return EXIT_OK
  },
}
