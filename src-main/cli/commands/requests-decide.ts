import { labelOf } from '@shared/domain/options'
import { REQUEST_STATES } from '@shared/domain/requests'
import { notFound } from '../../backend/errors'
import { assess } from '../../backend/requests/assess'
import { decideRequest } from '../../backend/requests/decide'
import { type Command, EXIT_OK, EXIT_REJECTED, UsageError } from '../command'

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
  async run(ctx, { values, positionals }, io) {
    if (positionals.length !== 1) throw new UsageError('Indiquez la référence d’une demande, et une seule.')
    if (Boolean(values.validate) === Boolean(values.refuse))
      throw new UsageError('Indiquez --validate ou --refuse (l’un des deux).')
    const ref = positionals[0]
    const request = await ctx.db.selectFrom('requests').selectAll().where('ref', '=', ref).executeTakeFirst()
    if (!request) throw notFound(`Demande ${ref}`)
    const a = await assess(ctx.db, request, ctx.clock.now())
    const named =
      typeof values.fields === 'string'
        ? values.fields
            .split(',')
            .map((f) => f.trim())
            .filter(Boolean)
        : null
    const known = a.items.map((i) => i.field)
    const unknown = named?.filter((f) => !known.includes(f)) ?? []
    if (unknown.length > 0) {
      io.err(
        `Champ(s) absent(s) de la demande ${ref} : ${unknown.join(', ')} (champs : ${known.join(', ')}).`,
      )
      return EXIT_REJECTED
    }
    const validate = values.validate === true
    const decided = await decideRequest(ctx, {
      id: request.id,
      version: request.version,
      action: 'decide',
      outcomes: known.map((field) => ({
        field,
        accept: named ? named.includes(field) === validate : validate,
      })),
      ...(typeof values.reply === 'string' ? { reply: values.reply } : {}),
    })
    io.out(
      `Demande ${ref} : ${labelOf(REQUEST_STATES, decided.request.state).toLowerCase()}. ${decided.request.resolution ?? ''}`.trim(),
    )
    return EXIT_OK
  },
}
