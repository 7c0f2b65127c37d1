import type { MessageTarget } from '@shared/contract/messages'
import type { StaffContext } from '../../backend/context'
import { AppError } from '../../backend/errors'
import { type Command, EXIT_OK, UsageError, type Values } from '../command'
import { callChannel } from '../dispatch'

// `messages send`: the Messages screen's send on the command line, through
// the same channels (recipients, templates, health rule, audit).

async function familyId(ctx: StaffContext, number: string): Promise<number> {
  const row = await ctx.db
    .selectFrom('families')
    .select('id')
    .where('number', '=', number.trim())
    .executeTakeFirst()
  if (!row) throw new AppError('NOT_FOUND', `Aucune famille n° ${number}.`)
  return row.id
}

async function target(ctx: StaffContext, values: Values): Promise<MessageTarget> {
  const given = ['family', 'service', 'structure', 'incomplete', 'pai-before'].filter(
    (k) => values[k] !== undefined,
  )
  if (given.length !== 1)
    throw new UsageError(
      'Choisissez les destinataires : --family, --service, --structure, --incomplete ou --pai-before.',
    )
  const date = String(values.date ?? '')
  if (values.family !== undefined)
    return { kind: 'family', familyId: await familyId(ctx, String(values.family)) }
  if (values.incomplete) return { kind: 'incomplete' }
  if (values['pai-before'] !== undefined) return { kind: 'pai', before: String(values['pai-before']) }
  if (!date) throw new UsageError('--service et --structure demandent --date (inscrits à cette date).')
  const structures = await callChannel(ctx, 'lists/structures', {})
  if (values.service !== undefined) {
    const code = String(values.service).trim().toUpperCase()
    const service = structures.flatMap((s) => s.services).find((s) => s.code.toUpperCase() === code)
    if (!service) throw new AppError('NOT_FOUND', `Service « ${values.service} » introuvable.`)
    return { kind: 'service', serviceId: service.id, date }
  }
  const name = String(values.structure).trim()
  const structure = structures.find((s) => s.name.localeCompare(name, 'fr', { sensitivity: 'base' }) === 0)
  if (!structure) throw new AppError('NOT_FOUND', `Structure « ${name} » introuvable.`)
  return { kind: 'structure', structureId: structure.id, date }
}

export const messagesSendCommand: Command = {
  name: 'messages send',
  summary:
    'Écrit un message à une famille ou à un groupe (inscrits d’un service ou d’une structure, dossiers incomplets, PAI expirant), d’après un modèle ou un texte ; --dry-run : la liste des destinataires seulement.',
  usage:
    'messages send (--family N° | --service CODE --date DATE | --structure NOM --date DATE | --incomplete | --pai-before DATE) (--template CODE | --subject OBJET --body TEXTE) [--draft] [--dry-run] [--json]',
  options: {
    family: { type: 'string' },
    service: { type: 'string' },
    structure: { type: 'string' },
    date: { type: 'string' },
    incomplete: { type: 'boolean' },
    'pai-before': { type: 'string' },
    template: { type: 'string' },
    subject: { type: 'string' },
    body: { type: 'string' },
    draft: { type: 'boolean' },
    'dry-run': { type: 'boolean' },
    'include-archived': { type: 'boolean' },
    json: { type: 'boolean' },
  },
  database: 'migrated',
  async run(ctx, { values }, io) {
    let subject = values.subject === undefined ? undefined : String(values.subject)
    let body = values.body === undefined ? undefined : String(values.body)
    let templateId: number | null = null
    if (values.template !== undefined) {
      const templates = await callChannel(ctx, 'messages/templates', {})
      const found = templates.find((t) => t.code === String(values.template))
      if (!found)
        throw new AppError(
          'NOT_FOUND',
          `Modèle « ${values.template} » introuvable (modèles : ${templates.map((t) => t.code).join(', ')}).`,
        )
      templateId = found.id
      subject ??= found.subject
      body ??= found.body
    }
    if (subject === undefined || body === undefined)
      throw new UsageError('Indiquez --template, ou --subject et --body.')
    const input = {
      target: await target(ctx, values),
      templateId,
      subject,
      body,
      includeArchived: values['include-archived'] === true,
    }
    if (values['dry-run']) {
      const preview = await callChannel(ctx, 'messages/preview', input)
      if (values.json) io.out(JSON.stringify({ ...preview, healthChildren: undefined }, null, 2))
      else {
        io.out(
          `${preview.count} message(s) pour ${preview.families} famille(s), dont ${preview.letters} courrier(s).`,
        )
        for (const r of preview.recipients)
          io.out(`${r.familyNumber}  ${r.name}${r.childName ? ` (${r.childName})` : ''}  ${r.channel}`)
      }
      return EXIT_OK
    }
    const sent = await callChannel(ctx, 'messages/send', { ...input, draft: values.draft === true })
    if (values.json) io.out(JSON.stringify({ ...sent, healthChildren: undefined }, null, 2))
    else
      io.out(
        `${sent.count} message(s) ${sent.state === 'brouillon' ? 'enregistré(s) en brouillon' : 'à envoyer'}, dont ${sent.letters} courrier(s) ; envoi ${sent.batchId}.`,
      )
    return EXIT_OK
  },
}
