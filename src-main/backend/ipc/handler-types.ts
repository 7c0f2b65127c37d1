import type { AccessOf, ChannelDef, OutputOf, ParsedInputOf } from '@shared/contract/define'
import type { Contract } from '@shared/contract/index'
import type { HandlerContext, StaffContext } from '../context'

type ContextFor<C> = AccessOf<C> extends 'public' ? HandlerContext : StaffContext

export type Handler<C> = (ctx: ContextFor<C>, input: ParsedInputOf<C>) => Promise<OutputOf<C>>

/** The handlers of one domain's channels; use with `satisfies HandlersOf<typeof xChannels>`. */
export type HandlersOf<Channels extends Record<string, ChannelDef>> = {
  [K in keyof Channels]: Handler<Channels[K]>
}

/** One handler per channel of the contract. */
export type Handlers = HandlersOf<Contract>
