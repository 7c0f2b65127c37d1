import { formatInstant } from '@shared/format/date'
import { AppError } from '../../backend/errors'
import { type Command, EXIT_OK, UsageError } from '../command'
import { callChannel } from '../dispatch'

const STATES = ['brouillon', 'a_envoyer', 'transmis', 'imprime'] as const

export const messagesListCommand: Command = {
  name: 'messages list',
  summary: 'Les messages aux familles, les plus récents d’abord (état, canal, famille, envoi).',
  usage:
    'messages list [--state brouillon|a_envoyer|transmis|imprime] [--family N°] [--batch ENVOI] [--json]',
  options: {
    state: { type: 'string' },
    family: { type: 'string' },
    batch: { type: 'string' },
    json: { type: 'boolean' },
  },
  database: 'migrated',
  async run(ctx, { values }, io) {
    const state = values.state === undefined ? undefined : String(values.state)
    if (state !== undefined && !STATES.includes(state as never))
      throw new UsageError(`--state attend ${STATES.join(', ')}.`)
    let familyId: number | undefined
    if (values.family !== undefined) {
      const row = await ctx.db
        .selectFrom('families')
        .select('id')
        .where('number', '=', String(values.family))
        .executeTakeFirst()
      if (!row) throw new AppError('NOT_FOUND', `Aucune famille n° ${values.family}.`)
      familyId = row.id
    }
    const page = await callChannel(ctx, 'messages/list', {
      state: state as (typeof STATES)[number] | undefined,
      familyId,
      batchId: values.batch === undefined ? undefined : String(values.batch),
      limit: 500,
    })
    if (values.json) io.out(JSON.stringify(page, null, 2))
    else
      for (const m of page.rows)
        io.out(
          `${m.id}  ${formatInstant(m.createdAt)}  ${m.state}  ${m.channel}  ${m.familyNumber}  ${m.subject ?? '(données de santé)'}`,
        )
    return EXIT_OK
  },
}
