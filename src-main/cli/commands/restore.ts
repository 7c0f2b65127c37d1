import { formatInstant } from '@shared/format/date'
import { listBackups } from '../../backend/db/restore'
import { fileOf } from '../../backend/db/storage/file'
import { AppError } from '../../backend/errors'
import { type Command, EXIT_OK, EXIT_REJECTED } from '../command'

export const restoreCommand: Command = {
  name: 'restore',
  summary:
    'Remplace une base endommagée par la dernière sauvegarde saine du dossier backups (ou par --from NOM) ; la base endommagée est gardée à côté.',
  usage: 'restore [--from NOM.db]',
  options: { from: { type: 'string' } },
  database: 'raw',
  async run(ctx, { values }, io) {
    const file = fileOf(ctx.storage)
    const name =
      typeof values.from === 'string' ? values.from : file.latestGoodBackup(ctx.paths.backupsDir)?.name
    if (!name) {
      const count = listBackups(ctx.paths.backupsDir).length
      io.err(
        count === 0
          ? `Aucune sauvegarde dans ${ctx.paths.backupsDir} : rien n’a été restauré.`
          : `Aucune des ${count} sauvegardes de ${ctx.paths.backupsDir} n’est saine : rien n’a été restauré.`,
      )
      return EXIT_REJECTED
    }
    const backup = listBackups(ctx.paths.backupsDir).find((b) => b.name === name)
    const result = await file.restore(name, ctx)
    if (!result.ok)
      throw new AppError('UNAVAILABLE', `La base restaurée n’est pas saine : ${result.problems[0]}`)
    io.out(
      `Base restaurée depuis ${name} (copie du ${formatInstant(backup?.takenAt)}) ; la base endommagée est gardée dans ${result.keptDamaged}.`,
    )
    return EXIT_OK
  },
}
