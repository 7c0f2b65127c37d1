import type { AgendaAction } from '@shared/domain/agenda'
import { agendaState } from '@shared/domain/agenda'
import { formatDay, parseDay } from '@shared/format/date'
import { AppError } from '../../backend/errors'
import { type Command, EXIT_OK, EXIT_REJECTED, UsageError } from '../command'
import { callChannel } from '../dispatch'
import { childByIdentifier } from './agenda-lookup'

const ACTION_FLAGS = ['reserve', 'absence', 'cancel'] as const satisfies readonly AgendaAction[]

export const agendaSetCommand: Command = {
  name: 'agenda set',
  summary:
    'Réserve, déclare une absence ou annule sur des dates de l’agenda d’un enfant, avec les règles de l’écran (délais, places) ; code 1 si une date est refusée, avec la raison.',
  usage:
    'agenda set IDENTIFIANT_ENFANT --service CODE --dates J1,J2 --reserve|--absence|--cancel [--motif TEXTE] [--late-reason TEXTE] [--waitlist]',
  options: {
    service: { type: 'string' },
    dates: { type: 'string' },
    reserve: { type: 'boolean' },
    absence: { type: 'boolean' },
    cancel: { type: 'boolean' },
    motif: { type: 'string' },
    'late-reason': { type: 'string' },
    waitlist: { type: 'boolean' },
  },
  requiredOptions: ['service', 'dates'],
  database: 'migrated',
  async run(ctx, { values, positionals }, io) {
    const actions = ACTION_FLAGS.filter((a) => values[a] === true)
    if (actions.length !== 1)
      throw new UsageError('Indiquez une action : --reserve, --absence ou --cancel (une seule).')
    const childId = await childByIdentifier(ctx, positionals)
    const code = String(values.service).trim()
    const service = await ctx.db
      .selectFrom('services')
      .select(['id', 'name'])
      .where('code', '=', code)
      .executeTakeFirst()
    if (!service) throw new AppError('NOT_FOUND', `Aucun service de code ${code}.`)
    const dates = String(values.dates)
      .split(',')
      .map((d) => d.trim())
      .filter(Boolean)
      .map((d) => {
        const day = parseDay(d)
        if (!day)
          throw new AppError('VALIDATION', `Dates : « ${d} » n’est pas une date (jj/mm/aaaa ou aaaa-mm-jj).`)
        return day
      })
    if (dates.length === 0) throw new UsageError('Indiquez au moins une date : --dates J1,J2.')
    const { outcomes } = await callChannel(ctx, 'agenda/act', {
      childId,
      serviceId: service.id,
      dates,
      action: actions[0],
      ...(typeof values.motif === 'string' ? { motif: values.motif } : {}),
      ...(typeof values['late-reason'] === 'string' ? { lateReason: values['late-reason'] } : {}),
      ...(values.waitlist === true ? { waitlist: true } : {}),
    })
    let refused = 0
    for (const o of outcomes) {
      const state = o.state ? agendaState(o.state).label : 'vide'
      if (o.outcome === 'refused') {
        refused++
        io.err(`${formatDay(o.date)} : refusé — ${o.reason}`)
      } else if (o.outcome === 'unchanged') io.out(`${formatDay(o.date)} : inchangé (${o.reason})`)
      else io.out(`${formatDay(o.date)} : ${state}${o.reason ? ` (${o.reason})` : ''}`)
    }
    return refused > 0 ? EXIT_REJECTED : EXIT_OK
  },
}
