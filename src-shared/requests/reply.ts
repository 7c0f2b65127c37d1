import { formatDay } from '../format/date'

/** What a reply to the family says: who, which request, what was accepted, what was refused and why. */
export interface ReplyContext {
  /** "Monsieur TEST TEST". */
  familyName: string
  kindLabel: string
  /** Day the family sent the request, 'yyyy-mm-dd'. */
  submittedDay: string
  state: 'validated' | 'refused' | 'partial' | 'closed'
  accepted: { label: string; value: string }[]
  refused: { label: string; reason: string | null }[]
  /** Why the request no longer applies, when it does not. */
  notApplicable: string | null
  /** A reservation or absence request: the reply lists the outcome date by date. */
  agenda: boolean
}

export interface ReplyTemplate {
  id: string
  label: string
  render(ctx: ReplyContext): string
}

const SIGNATURE = 'Cordialement,\nLe service enfance jeunesse'

const STATE_SENTENCE: Record<ReplyContext['state'], string> = {
  validated: 'a été validée',
  partial: 'a été validée en partie',
  refused: 'n’a pas pu être acceptée',
  closed: 'a été classée sans suite',
}

const opening = (ctx: ReplyContext) =>
  `Bonjour ${ctx.familyName},\n\nVotre demande du ${formatDay(ctx.submittedDay)} (${ctx.kindLabel}) ${STATE_SENTENCE[ctx.state]}.`

const acceptedList = (ctx: ReplyContext) =>
  ctx.accepted.length === 0
    ? []
    : [
        ctx.agenda ? 'Dates acceptées :' : 'Nous avons enregistré :',
        ...ctx.accepted.map((a) => `- ${a.label} : ${a.value || '(vide)'}`),
      ]

const refusedList = (ctx: ReplyContext) =>
  ctx.refused.length === 0 || ctx.state === 'closed'
    ? []
    : [
        ctx.agenda
          ? 'Dates non retenues :'
          : ctx.accepted.length === 0
            ? 'Motif :'
            : 'Nous n’avons pas pu retenir :',
        ...ctx.refused.map((r) => `- ${r.label}${r.reason ? ` : ${r.reason}` : ''}`),
      ]

const paragraphs = (...blocks: (string | string[])[]) =>
  blocks
    .map((b) => (Array.isArray(b) ? b.join('\n') : b))
    .filter((b) => b !== '')
    .join('\n\n')

export const REPLY_TEMPLATES: ReplyTemplate[] = [
  {
    id: 'detail',
    label: 'Réponse détaillée',
    render: (ctx) =>
      paragraphs(
        opening(ctx),
        acceptedList(ctx),
        refusedList(ctx),
        ctx.state === 'validated' ? '' : 'N’hésitez pas à nous contacter pour toute question.',
        SIGNATURE,
      ),
  },
  {
    id: 'court',
    label: 'Réponse courte',
    render: (ctx) => paragraphs(opening(ctx), SIGNATURE),
  },
  {
    id: 'sans-objet',
    label: 'Demande sans objet',
    render: (ctx) =>
      paragraphs(
        opening({ ...ctx, state: 'closed' }),
        ctx.notApplicable
          ? `Elle ne s’applique plus : ${ctx.notApplicable}`
          : 'Elle ne s’applique plus à votre dossier.',
        SIGNATURE,
      ),
  },
]

/** The template that fits the decision best. */
export function defaultTemplateId(ctx: ReplyContext): string {
  if (ctx.notApplicable || ctx.state === 'closed') return 'sans-objet'
  return 'detail'
}

export function draftReply(ctx: ReplyContext, templateId = defaultTemplateId(ctx)): string {
  const template = REPLY_TEMPLATES.find((t) => t.id === templateId) ?? REPLY_TEMPLATES[0]
  return template.render(ctx)
}

/** One decided line as the reply tells it. */
export interface DecidedLine {
  label: string
  /** The value kept, as the family reads it. */
  value: string
  accept: boolean
  reason: string | null
}

/** The reply's context from decided lines: the same for the review pane's draft and the back-end's default. */
export function replyContextOf(input: {
  familyName: string
  kindLabel: string
  submittedDay: string
  state: ReplyContext['state']
  notApplicable: string | null
  agenda: boolean
  lines: DecidedLine[]
}): ReplyContext {
  const { lines, ...rest } = input
  return {
    ...rest,
    accepted: lines.filter((l) => l.accept).map((l) => ({ label: l.label, value: l.value })),
    refused: lines.filter((l) => !l.accept).map((l) => ({ label: l.label, reason: l.reason })),
  }
}

/** The state a set of outcomes gives: all accepted, none, or some. */
export function stateOf(accepts: boolean[]): 'validated' | 'refused' | 'partial' {
  if (accepts.length > 0 && accepts.every(Boolean)) return 'validated'
  return accepts.some(Boolean) ? 'partial' : 'refused'
}
