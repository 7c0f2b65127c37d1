import type { Envelope } from '../errors'
import type { ChannelName } from './index'

/** What the preload exposes as window.marelle: one function per channel of the contract, nothing else. */
export type MarelleBridge = { readonly [K in ChannelName]: (input: unknown) => Promise<Envelope<unknown>> }
