import { notFound } from '../../backend/errors'
import { type Command, EXIT_OK, EXIT_REJECTED, UsageError } from '../command'
import { callChannel } from '../dispatch'

export const requestsDecideCommand: Command = {
  name: 'requests decide',
  summary:
    'Valide ou refuse une demande ; avec --fields, seuls ces champs (ou ces dates) sont validés (--validate) ou refusés (--refuse), les autres reçoivent la décision contraire.',
  usage: 'requests decide REF --validate|--refuse [--fields a,b] [--reply TEXTE]',
  options: {
    validate: { type: 'boolean' },
    refuse: { type: 'boolean' },
    fields: { type: 'string' },
    reply: { type: 'string' },
  },
  database: 'migrated',
  // Through the same channels as the Demandes screen: requests/get, then requests/decide.
  async run(ctx, { values, positionals }, io) {
    if (positionals.length !== 1) throw new UsageError('Indiquez la référence d’une demande, et une seule.')
    if (Boolean(values.validate) === Boolean(values.refuse))
      throw new UsageError('Indiquez --validate ou --refuse (l’un des deux).')
    const ref = positionals[0]
    const found = await ctx.db.selectFrom('requests').select('id').where('ref', '=', ref).executeTakeFirst()
    if (!found) throw notFound(`Demande ${ref}`)
    const review = await callChannel(ctx, 'requests/get', { id: found.id })
    const named =
      typeof values.fields === 'string'
        ? values.fields
            .split(',')
            .map((f) => f.trim())
            .filter(Boolean)
        : null
    const known = review.lines.map((l) => l.field)
    const unknown = named?.filter((f) => !known.includes(f)) ?? []
    if (unknown.length > 0) {
      io.err(
        `Champ(s) absent(s) de la demande ${ref} : ${unknown.join(', ')} (champs : ${known.join(', ')}).`,
      )
      return EXIT_REJECTED
    }
    const validate = values.validate === true
    const decided = await callChannel(ctx, 'requests/decide', {
      id: review.id,
      version: review.version,
      action: 'decide',
      outcomes: known.map((field) => ({
        field,
        accept: named ? named.includes(field) === validate : validate,
      })),
      ...(typeof values.reply === 'string' ? { reply: values.reply } : {}),
    })
    io.out(`Demande ${ref} : ${decided.stateLabel.toLowerCase()}. ${decided.resolution ?? ''}`.trim())
    return EXIT_OK
  },
}
