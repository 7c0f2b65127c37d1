import type { z } from 'zod'
import type { Role } from '../roles'

/** Who may call a channel: anyone (sign-in screens) or a signed-in staff member of at least this role. */
export type Access = 'public' | Role

export interface ChannelDef<I extends z.ZodType = z.ZodType, O = unknown, A extends Access = Access> {
  input: I
  access: A
  /** Largest accepted input, in bytes of JSON. */
  maxBytes: number
  /** Phantom field carrying the output type; never set at run time. */
  readonly __output?: O
}

export const DEFAULT_MAX_INPUT_BYTES = 256 * 1024

/**
 * Declares a channel once: its input schema and access here, its output type
 * with `.returns<T>()`. Main, preload and renderer all derive from this.
 */
export function channel<I extends z.ZodType, A extends Access = 'agent'>(
  input: I,
  options: { access?: A; maxBytes?: number } = {},
) {
  return {
    returns<O>(): ChannelDef<I, O, A> {
      return {
        input,
        access: options.access ?? ('agent' as A),
        maxBytes: options.maxBytes ?? DEFAULT_MAX_INPUT_BYTES,
      }
    },
  }
}

export type InputOf<C> = C extends ChannelDef<infer I, unknown, Access> ? z.input<I> : never
export type ParsedInputOf<C> = C extends ChannelDef<infer I, unknown, Access> ? z.output<I> : never
export type OutputOf<C> = C extends ChannelDef<z.ZodType, infer O, Access> ? O : never
export type AccessOf<C> = C extends ChannelDef<z.ZodType, unknown, infer A> ? A : never
