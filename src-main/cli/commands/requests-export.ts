import { writeFileSync } from 'node:fs'
import { resolve } from 'node:path'
import { type Command, EXIT_OK } from '../command'
import { callChannel } from '../dispatch'

export const requestsExportCommand: Command = {
  name: 'requests export-decisions',
  summary:
    'Écrit les décisions prises depuis une date (JSON Lines pour le portail : ref, state, decided_at, reply, accepted). Le fichier est remplacé s’il existe.',
  usage: 'requests export-decisions --since DATE --out FICHIER',
  options: { since: { type: 'string' }, out: { type: 'string' } },
  requiredOptions: ['since', 'out'],
  database: 'migrated',
  async run(ctx, { values }, io) {
    // The screen's channel: replies about health data are refused or traced like there.
    const result = await callChannel(ctx, 'requests/exportDecisions', { since: String(values.since) })
    const target = resolve(String(values.out))
    writeFileSync(target, result.text, 'utf8')
    io.out(`${result.count} décision(s) écrite(s) dans ${target}.`)
    return EXIT_OK
  },
}
