import { writeFileSync } from 'node:fs'
import { resolve } from 'node:path'
import { type Command, EXIT_OK } from '../command'
import { callChannel } from '../dispatch'

export const messagesExportCommand: Command = {
  name: 'messages export',
  summary:
    'Écrit les messages pour la boîte de réception du portail depuis une date (JSON Lines : id, family, created_at, subject, body, request_ref…). Les mêmes messages gardent le même id d’un export à l’autre ; le fichier est remplacé s’il existe.',
  usage: 'messages export --since DATE --out FICHIER',
  options: { since: { type: 'string' }, out: { type: 'string' } },
  requiredOptions: ['since', 'out'],
  database: 'migrated',
  async run(ctx, { values }, io) {
    // The screen's channel: health messages are refused or traced like there.
    const result = await callChannel(ctx, 'messages/export', { since: String(values.since) })
    const target = resolve(String(values.out))
    writeFileSync(target, result.text, 'utf8')
    io.out(`${result.count} message(s) écrit(s) dans ${target}.`)
    return EXIT_OK
  },
}
