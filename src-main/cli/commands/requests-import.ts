import { readFileSync } from 'node:fs'
import { basename, resolve } from 'node:path'
import { importRequests } from '../../backend/requests/intake'
import { type Command, EXIT_OK, EXIT_REJECTED, UsageError } from '../command'
import { spacedJson } from '../spaced-json'

export const requestsImportCommand: Command = {
  name: 'requests import',
  summary:
    'Importe les demandes du portail (JSON Lines) ; une demande déjà connue (même ref) est ignorée ; code 1 si des lignes sont refusées.',
  usage: 'requests import FICHIER.jsonl [--json]',
  options: { json: { type: 'boolean' } },
  database: 'migrated',
  async run(ctx, { values, positionals }, io) {
    if (positionals.length !== 1) throw new UsageError('Indiquez un fichier, et un seul.')
    const path = resolve(positionals[0])
    let text: string
    try {
      text = readFileSync(path, 'utf8')
    } catch {
      io.err(`Fichier illisible ou introuvable : ${path}`)
      return EXIT_REJECTED
    }
    const result = await importRequests(ctx, text, basename(path))
    if (values.json) io.out(spacedJson(result))
    else {
      io.out(
        `${result.imported} demande(s) importée(s), ${result.duplicates} déjà connue(s), ${result.errors.length} ligne(s) refusée(s).`,
      )
      for (const e of result.errors) io.err(`Ligne ${e.line} : ${e.reason}`)
    }
    return result.errors.length === 0 ? EXIT_OK : EXIT_REJECTED
  },
}
