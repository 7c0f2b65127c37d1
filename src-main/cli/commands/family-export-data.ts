import { resolve } from 'node:path'
import { familyNumberSchema } from '@shared/contract/families'
import { runAccessExport } from '../../backend/access-export/run'
import { findFamilyId } from '../../backend/families/read'
import { type Command, EXIT_OK, EXIT_REJECTED, UsageError } from '../command'

// `family export-data`: the family file's « Exporter toutes les données
// (RGPD) » on the command line, run inline (docs/droit-d-acces.md). Phases go
// to stderr; refused (exit 1) to a role without the health right.

export const familyExportDataCommand: Command = {
  name: 'family export-data',
  summary:
    'Droit d’accès : toutes les données d’une famille dans une archive .zip (PDF lisible, JSON, journal d’audit) ; réservé aux rôles qui voient les données de santé.',
  usage: 'family export-data N°FAMILLE --out FICHIER.zip',
  options: { out: { type: 'string' } },
  requiredOptions: ['out'],
  database: 'migrated',
  async run(ctx, { values, positionals }, io) {
    if (positionals.length !== 1) throw new UsageError('Indiquez un seul N° famille.')
    const number = familyNumberSchema.safeParse(positionals[0])
    if (!number.success) {
      io.err(`N° famille invalide : « ${positionals[0]} » (chiffres uniquement).`)
      return EXIT_REJECTED
    }
    const path = resolve(String(values.out))
    if (!path.toLowerCase().endsWith('.zip')) throw new UsageError('--out attend un fichier .zip.')
    let phase = ''
    const result = await runAccessExport(
      {
        ...ctx,
        progress(update) {
          if (update.phase && update.phase !== phase) {
            phase = update.phase
            io.err(`${phase}…`)
          }
        },
        throwIfCancelled() {},
      },
      { familyId: await findFamilyId(ctx.db, number.data), path, overwrite: false },
    )
    io.out(`Archive écrite : ${path}`)
    for (const file of result.files) io.out(`  ${file.name} (${file.bytes} octets)`)
    const plural = (n: number) => (n > 1 ? 's' : '')
    io.out(
      `${result.children} enfant${plural(result.children)}, ${result.auditEntries} entrée${plural(result.auditEntries)} du journal d’audit.`,
    )
    if (result.financeOmitted)
      io.out(
        'Coordonnées bancaires et données fiscales non exportées : votre rôle ne permet pas de les voir.',
      )
    return EXIT_OK
  },
}
