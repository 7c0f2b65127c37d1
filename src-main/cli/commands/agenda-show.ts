import type { AgendaChildView } from '@shared/contract/agenda'
import { AGENDA_STATES } from '@shared/domain/agenda'
import { weekdayShort } from '@shared/domain/days'
import { monthLabel } from '@shared/format/month'
import { type Command, EXIT_OK, UsageError } from '../command'
import { callChannel } from '../dispatch'
import { childByIdentifier } from './agenda-lookup'

/** The JSON of `agenda show --json`, keys as issue 8 names them. */
export function agendaJson(view: AgendaChildView) {
  return {
    enfant: view.identifier,
    mois: view.month,
    lignes: view.rows.map((r) => ({
      structure: r.structureName,
      service: r.serviceName,
      code: r.serviceCode,
      jours: r.cells.map((c) => ({ date: c.date, etat: c.state, libelle: c.label, lettre: c.letter })),
    })),
  }
}

/** The month as the portal draws it: one line per service, a column per day, the letters, the legend of what appears. */
export function agendaText(view: AgendaChildView): string {
  const lines = [`${view.firstName} ${view.lastName} (${view.identifier}) — ${monthLabel(view.month)}`, '']
  if (view.rows.length === 0) lines.push('Aucune inscription ce mois-ci.')
  else {
    const names = view.rows.map((r) => `${r.structureName} / ${r.serviceName}`)
    const width = Math.max(...names.map((n) => n.length))
    const days = view.rows[0].cells.map((c) => c.date)
    lines.push(`${''.padEnd(width)}  ${days.map((d) => weekdayShort(d).padEnd(3)).join('')}`)
    lines.push(`${''.padEnd(width)}  ${days.map((d) => d.slice(8).padEnd(3)).join('')}`)
    view.rows.forEach((r, i) => {
      lines.push(`${names[i].padEnd(width)}  ${r.cells.map((c) => (c.letter ?? '.').padEnd(3)).join('')}`)
    })
    const used = new Set(view.rows.flatMap((r) => r.cells.map((c) => c.state)))
    const legend = AGENDA_STATES.filter((s) => used.has(s.value)).map((s) => `${s.letter} ${s.label}`)
    if (legend.length > 0) lines.push('', `Légende : ${legend.join(' ; ')} ; . rien`)
  }
  for (const notice of view.notices) lines.push('', notice)
  return lines.map((l) => l.trimEnd()).join('\n')
}

export const agendaShowCommand: Command = {
  name: 'agenda show',
  summary:
    'Affiche l’agenda d’un enfant pour un mois : une ligne par service, une colonne par jour, les lettres de la légende (--json : un état par jour).',
  usage: 'agenda show IDENTIFIANT_ENFANT --month AAAA-MM [--json]',
  options: { month: { type: 'string' }, json: { type: 'boolean' } },
  requiredOptions: ['month'],
  database: 'migrated',
  async run(ctx, { values, positionals }, io) {
    const childId = await childByIdentifier(ctx, positionals)
    if (typeof values.month !== 'string') throw new UsageError('Indiquez le mois : --month AAAA-MM.')
    const view = await callChannel(ctx, 'agenda/child', { childId, month: values.month })
    io.out(values.json ? JSON.stringify(agendaJson(view), null, 2) : agendaText(view))
    return EXIT_OK
  },
}
