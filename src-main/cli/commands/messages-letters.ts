import { writeFileSync } from 'node:fs'
import { resolve } from 'node:path'
import { type Command, EXIT_OK, UsageError } from '../command'
import { callChannel } from '../dispatch'

export const messagesLettersCommand: Command = {
  name: 'messages letters',
  summary:
    'Écrit en un PDF A4 les courriers (enveloppe à fenêtre) des messages donnés par leur numéro, ou de tout un envoi ; ils passent à l’état « imprimé ».',
  usage: 'messages letters (ID… | --batch ENVOI) --out FICHIER.pdf',
  options: { batch: { type: 'string' }, out: { type: 'string' } },
  requiredOptions: ['out'],
  database: 'migrated',
  async run(ctx, { values, positionals }, io) {
    const ids = positionals.map((p) => {
      if (!/^\d+$/.test(p)) throw new UsageError(`Numéro de message invalide : « ${p} ».`)
      return Number(p)
    })
    if (ids.length > 0 === (values.batch !== undefined))
      throw new UsageError('Indiquez des numéros de messages, ou --batch, pas les deux.')
    const file = await callChannel(
      ctx,
      'messages/letters',
      ids.length > 0 ? { ids } : { batchId: String(values.batch) },
    )
    const target = resolve(String(values.out))
    writeFileSync(target, Buffer.from(file.base64 ?? '', 'base64'))
    io.out(`${file.count} courrier(s) écrit(s) dans ${target}.`)
    return EXIT_OK
  },
}
