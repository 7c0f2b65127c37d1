import type { ChannelDef } from '@shared/contract/define'
import { contract, isChannelName } from '@shared/contract/index'
import type { Envelope } from '@shared/errors'
import { hasRole } from '@shared/roles'
import { formatIssues } from '@shared/validation/format-issues'
import { loadActor } from '../auth/actor'
import type { Actor, HandlerContext, Services, Session } from '../context'
import { AppError, storageError } from '../errors'
import type { Handlers } from './handler-types'

export type Dispatch = (channel: string, rawInput: unknown, session: Session) => Promise<Envelope<unknown>>

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

/**
 * The one entry point of the back-end, shared by Electron's IPC, the web
 * host and the tests: finds the channel, checks its size and the caller's
 * role, parses the input with the channel's schema, runs the handler and
 * turns every outcome into an envelope the UI can show in French.
 */
export function createDispatcher(services: Services, handlers: Handlers): Dispatch {
  return async (name, rawInput, session) => {
    if (!isChannelName(name)) return failure(new AppError('NOT_FOUND', `Action inconnue : ${name}.`))
    const def: ChannelDef = contract[name]
    try {
      if (inputSize(rawInput) > def.maxBytes)
        throw new AppError(
          'TOO_LARGE',
          `Les données envoyées dépassent la taille permise (${Math.round(def.maxBytes / 1024)} Ko).`,
        )
      let actor: Actor | null = null
      if (session.staffId !== null) {
        actor = loadActor(services.sqlite, session.staffId)
        if (!actor) session.staffId = null
      }
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
      const ctx: HandlerContext = { ...services, session, actor }
      const handler = handlers[name] as (ctx: HandlerContext, input: unknown) => Promise<unknown>
      const value = await handler(ctx, parsed.data)
      return { ok: true, value: value === undefined ? null : value }
    } catch (error) {
      if (error instanceof AppError) return failure(error)
      const fault = storageError(error)
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
