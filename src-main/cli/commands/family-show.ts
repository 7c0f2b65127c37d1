import { familyNumberSchema } from '@shared/contract/families'
import { readFamilyDocument } from '../../backend/families/document'
import { familySummary } from '../../backend/families/summary'
import { type Command, EXIT_OK, EXIT_REJECTED, UsageError } from '../command'
import { releveJson } from './billing'

export const familyShowCommand: Command = {
  name: 'family show',
  summary:
    'Affiche une famille : responsables, enfants, personnes autorisées, vaccinations et santé (--json : champs nommés comme dans les fichiers CSV).',
  usage: 'family show N°FAMILLE [--json]',
  options: { json: { type: 'boolean' } },
  database: 'migrated',
  async run(ctx, { values, positionals }, io) {
    if (positionals.length !== 1) throw new UsageError('Indiquez un seul N° famille.')
    const number = familyNumberSchema.safeParse(positionals[0])
    if (!number.success) {
      io.err(`N° famille invalide : « ${positionals[0]} » (chiffres uniquement).`)
      return EXIT_REJECTED
    }
    const { family, children, document } = await readFamilyDocument(ctx, number.data)
    if (!values.json) io.out(familySummary(family, children))
    // The relevé de compte under its own key (docs/facturation.md).
    else io.out(JSON.stringify({ ...document, releve: await releveJson(ctx, family.id) }, null, 2))
    return EXIT_OK
  },
}
