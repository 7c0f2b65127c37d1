import { formatDay } from '../format/date'
import type { RequestMode } from './kinds'

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
  /** What the request does: an addition, a deletion or a change is told in its own words (change when not given). */
  mode?: RequestMode
  /** How the request came: a reply to a letter or a call says so (the portal when not given). */
  channel?: 'portail' | 'papier' | 'téléphone'
}

export interface ReplyTemplate {
  id: string
  label: string
  /** Whether the template tells this decision truly (a request "sans objet" was not validated). */
  fits(ctx: ReplyContext): boolean
  render(ctx: ReplyContext): string
}

const SIGNATURE = 'Cordialement,\nLe service enfance jeunesse'

const STATE_SENTENCE: Record<ReplyContext['state'], string> = {
  validated: 'a été validée',
  partial: 'a été validée en partie',
  refused: 'n’a pas pu être acceptée',
  closed: 'a été classée sans suite',
}

/** « Votre demande du 03/07/2017 », « Votre demande reçue par courrier le … », « … faite par téléphone le … ». */
const SENT: Record<NonNullable<ReplyContext['channel']>, string> = {
  portail: 'du',
  papier: 'reçue par courrier le',
  téléphone: 'faite par téléphone le',
}

const opening = (ctx: ReplyContext) =>
  `Bonjour ${ctx.familyName},\n\nVotre demande ${SENT[ctx.channel ?? 'portail']} ${formatDay(ctx.submittedDay)} (${ctx.kindLabel}) ${STATE_SENTENCE[ctx.state]}.`

/** What was done with the accepted lines, in the words of the request's kind. */
const ACCEPTED_HEADING: Record<RequestMode, string> = {
  update: 'Nous avons enregistré :',
  add: 'Nous avons ajouté à votre dossier :',
  delete: 'Nous avons supprimé de votre dossier :',
  agenda: 'Dates acceptées :',
}

const modeOf = (ctx: ReplyContext): RequestMode => (ctx.agenda ? 'agenda' : (ctx.mode ?? 'update'))

const acceptedList = (ctx: ReplyContext) =>
  ctx.accepted.length === 0
    ? []
    : [
        ACCEPTED_HEADING[modeOf(ctx)],
        ...ctx.accepted
          .filter((a) => a.value !== '' || modeOf(ctx) === 'update')
          .map((a) => `- ${a.label} : ${a.value || '(vide)'}`),
      ]

/** An addition or a deletion is refused whole: its reasons once each, not field by field. */
function wholeRefusal(ctx: ReplyContext): string[] {
  const reasons = [...new Set(ctx.refused.flatMap((r) => (r.reason ? [r.reason] : [])))]
  return reasons.length === 0 ? [] : ['Motif :', ...reasons.map((r) => `- ${r}`)]
}

const refusedList = (ctx: ReplyContext) => {
  if (ctx.refused.length === 0 || ctx.state === 'closed') return []
  const mode = modeOf(ctx)
  if ((mode === 'add' || mode === 'delete') && ctx.accepted.length === 0) return wholeRefusal(ctx)
  return [
    mode === 'agenda'
      ? 'Dates non retenues :'
      : ctx.accepted.length === 0
        ? 'Motif :'
        : 'Nous n’avons pas pu retenir :',
    ...ctx.refused.map((r) => `- ${r.label}${r.reason ? ` : ${r.reason}` : ''}`),
  ]
}

const paragraphs = (...blocks: (string | string[])[]) =>
  blocks
    .map((b) => (Array.isArray(b) ? b.join('\n') : b))
    .filter((b) => b !== '')
    .join('\n\n')

export const REPLY_TEMPLATES: ReplyTemplate[] = [
  {
    id: 'detail',
    label: 'Réponse détaillée',
    fits: () => true,
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
    fits: () => true,
    render: (ctx) => paragraphs(opening(ctx), SIGNATURE),
  },
  {
    id: 'sans-objet',
    label: 'Demande sans objet',
    // Says nothing was done: untrue of a request validated even in part.
    fits: (ctx) => ctx.state === 'closed' || ctx.state === 'refused',
    render: (ctx) =>
      paragraphs(
        opening(ctx),
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

/** The reply drafted with a template; one that does not fit the decision gives way to the one that fits best. */
export function draftReply(ctx: ReplyContext, templateId = defaultTemplateId(ctx)): string {
  const chosen = REPLY_TEMPLATES.find((t) => t.id === templateId)
  const template = chosen?.fits(ctx) ? chosen : REPLY_TEMPLATES.find((t) => t.id === defaultTemplateId(ctx))
  return (template ?? REPLY_TEMPLATES[0]).render(ctx)
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
  mode?: RequestMode
  channel?: ReplyContext['channel']
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
