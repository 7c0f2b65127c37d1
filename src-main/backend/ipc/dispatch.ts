import type { ChannelDef } from '@shared/contract/define'
import { holdsHealth } from '@shared/contract/define'
import { contract, isChannelName } from '@shared/contract/index'
import type { Envelope } from '@shared/errors'
import { hasRole } from '@shared/roles'
import { formatIssues } from '@shared/validation/format-issues'
import { loadSignedIn } from '../auth/actor'
import { isSessionLocked } from '../auth/session-state'
import type { Actor, HandlerContext, Services, Session } from '../context'
import { AppError } from '../errors'
import { canSeeFinance, canSeeHealth } from '../settings/service'
import type { Handlers } from './handler-types'
import { traceHealthReads } from './health-trace'

export type Dispatch = (channel: string, rawInput: unknown, session: Session) => Promise<Envelope<unknown>>
/** The command line's entry: the same checks, for an actor it has already established (--as). */
export type ActorDispatch = (channel: string, rawInput: unknown, actor: Actor) => Promise<Envelope<unknown>>

function failure(error: AppError): Envelope<never> {
  return { ok: false, error: error.toPayload() }
}

function inputSize(raw: unknown): number {
  try {
    return Buffer.byteLength(JSON.stringify(raw ?? null) ?? '', 'utf8')
  } catch {
    return Number.POSITIVE_INFINITY
  }
}

const FINANCE_REFUSED =
  'Votre rôle ne permet pas de voir ni de modifier les coordonnées bancaires et les données fiscales des familles (Paramètres → Données personnelles).'

const HEALTH_REFUSED =
  'Votre rôle ne permet pas de voir les données de santé des enfants (Paramètres → Données de santé).'

/** Who calls, from a window's session: refused while the window is locked or the password provisional. */
async function sessionActor(services: Services, def: ChannelDef, session: Session): Promise<Actor | null> {
  if (session.staffId === null) return null
  const signed = await loadSignedIn(services.db, session.staffId)
  if (!signed) {
    session.staffId = null
    return null
  }
  if (def.access === 'public') return signed.actor
  if (isSessionLocked(session) && !def.whileLocked)
    throw new AppError('LOCKED', 'La fenêtre est verrouillée : saisissez votre mot de passe pour continuer.')
  if (signed.mustChangePassword && !def.withProvisionalPassword)
    throw new AppError(
      'FORBIDDEN',
      'Votre mot de passe est provisoire : choisissez le vôtre avant de continuer (Paramètres → Mon mot de passe).',
    )
  return signed.actor
}

/**
 * The one entry point of the back-end, shared by Electron's IPC, the web
 * host, the command line and the tests: finds the channel, checks its size
 * and the caller's role, parses the input with the channel's schema, runs
 * the handler and turns every outcome into an envelope the UI can show in
 * French. For a channel the contract marks as returning health data, it
 * refuses an answer holding some to a role without the health right and
 * writes the audit trace of the read for the others; bank details and tax
 * figures are left out of answers, or refused, as the contract says for
 * roles without that right.
 */
function createRunner(services: Services, handlers: Handlers) {
  return async (
    name: string,
    rawInput: unknown,
    session: Session,
    who: (def: ChannelDef) => Actor | null | Promise<Actor | null>,
  ): Promise<Envelope<unknown>> => {
    if (!isChannelName(name)) return failure(new AppError('NOT_FOUND', `Action inconnue : ${name}.`))
    const def: ChannelDef = contract[name]
    try {
      if (inputSize(rawInput) > def.maxBytes)
        throw new AppError(
          'TOO_LARGE',
          `Les données envoyées dépassent la taille permise (${Math.round(def.maxBytes / 1024)} Ko).`,
        )
      const actor = await who(def)
      if (def.access !== 'public') {
        if (!actor) throw new AppError('UNAUTHENTICATED', 'Votre session a expiré : reconnectez-vous.')
        if (!hasRole(actor.role, def.access))
          throw new AppError('FORBIDDEN', 'Votre rôle ne permet pas cette action.')
      }
      const parsed = def.input.safeParse(rawInput ?? {})
      if (!parsed.success) {
        const fields = formatIssues(parsed.error, def.input)
        throw new AppError('VALIDATION', fields.map((f) => f.message).join('\n'), fields)
      }
      const finance = def.finance && actor && !(await canSeeFinance(services.db, actor)) ? def.finance : null
      if (finance?.touches?.(parsed.data)) throw new AppError('FORBIDDEN', FINANCE_REFUSED)
      const ctx: HandlerContext = { ...services, session, actor }
      const handler = handlers[name] as (ctx: HandlerContext, input: unknown) => Promise<unknown>
      let value = await handler(ctx, parsed.data)
      if (finance?.holds?.(value)) throw new AppError('FORBIDDEN', FINANCE_REFUSED)
      if (finance?.redact) value = finance.redact(value)
      if (def.health && actor) {
        const reads = def.health.reads(value, parsed.data)
        if (holdsHealth(reads)) {
          if (!(await canSeeHealth(services.db, actor))) {
            services.log.error(`Channel ${name} answered with health data to a role without the right`)
            throw new AppError('FORBIDDEN', HEALTH_REFUSED)
          }
          await traceHealthReads(services.db, actor, services.clock, reads, def.health.where, name)
        }
      }
      return { ok: true, value: value === undefined ? null : value }
    } catch (error) {
      if (error instanceof AppError) return failure(error)
      // Busy, disk full, damaged…: the same French words in both storage modes.
      const fault = services.storage.errorOf(error)
      if (fault) {
        if (fault.code !== 'BUSY') services.log.error(`Channel ${name}: storage fault`, error)
        return failure(fault)
      }
      services.log.error(`Channel ${name} failed`, error)
      return failure(
        new AppError(
          'INTERNAL',
          'Une erreur inattendue est survenue ; rien n’a été enregistré. Le détail est dans le journal de l’application.',
        ),
      )
    }
  }
}

export function createDispatcher(services: Services, handlers: Handlers): Dispatch {
  const run = createRunner(services, handlers)
  return (name, rawInput, session) =>
    run(name, rawInput, session, (def) => sessionActor(services, def, session))
}

/** For the command line: its actor comes from --as (checked there) or the system user. */
export function createActorDispatcher(services: Services, handlers: Handlers): ActorDispatch {
  const run = createRunner(services, handlers)
  return (name, rawInput, actor) => run(name, rawInput, { staffId: actor.staffId }, () => actor)
}
