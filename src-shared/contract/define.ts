import type { z } from 'zod'
import type { Role } from '../roles'

/** Who may call a channel: anyone (sign-in screens) or a signed-in staff member of at least this role. */
export type Access = 'public' | Role

export interface ChannelDef<I extends z.ZodType = z.ZodType, O = unknown, A extends Access = Access> {
  input: I
  access: A
  /** Largest accepted input, in bytes of JSON. */
  maxBytes: number
  /** Callable while the window is locked after inactivity (lock, unlock). */
  whileLocked: boolean
  /** Callable before a provisional password is changed (the change itself, lock, unlock). */
  withProvisionalPassword: boolean
  /**
   * The channel can answer with children's health data: says what the answer
   * holds, so that the dispatcher refuses it to roles without the health
   * right and writes the audit trace for the others (docs/donnees-de-sante.md).
   */
  health?: HealthDeclaration<unknown, unknown>
  /**
   * The channel reads or writes a family's bank details or tax figures: the
   * dispatcher applies it for roles without that right (Paramètres).
   */
  finance?: FinanceDeclaration<unknown, unknown>
  /** Phantom field carrying the output type; never set at run time. */
  readonly __output?: O
}

export const DEFAULT_MAX_INPUT_BYTES = 256 * 1024

/** One child whose health data an answer holds. */
export interface ChildHealthRead {
  childId: number
  familyId?: number | null
  requestId?: number | null
}

/** What of children's health data an answer holds: named children, or a bulk read. */
export type HealthReads =
  | { children: ChildHealthRead[] }
  /** A list or an export: what was read (in French, for the audit log) and how many children. */
  | { bulk: { scope: string; count: number } }
  | null

export interface HealthDeclaration<O, I> {
  /** What showed the data, in French, for the audit log ("fiche de l’enfant"). */
  where: string
  reads: (output: O, input: I) => HealthReads
}

/** What the dispatcher does for a role that may not see bank details and tax figures. */
export interface FinanceDeclaration<O, I> {
  /** The answer without those figures. */
  redact?: (output: O) => O
  /** True when the input would change them: refused. */
  touches?: (input: I) => boolean
  /** True when the answer is about them (a bank details request): refused. */
  holds?: (output: O) => boolean
}

/** True when the reads name at least one child or count at least one. */
export function holdsHealth(reads: HealthReads): boolean {
  if (!reads) return false
  return 'children' in reads ? reads.children.length > 0 : reads.bulk.count > 0
}

/**
 * Declares a channel once: its input schema and access here, its output type
 * with `.returns<T>()`. Main, preload and renderer all derive from this.
 */
export function channel<I extends z.ZodType, A extends Access = 'agent'>(
  input: I,
  options: { access?: A; maxBytes?: number; whileLocked?: boolean; withProvisionalPassword?: boolean } = {},
) {
  return {
    /** `health`, `finance`: for a channel whose answer can hold health data or bank and tax figures. */
    returns<O>(
      output: {
        health?: HealthDeclaration<O, z.output<I>>
        finance?: FinanceDeclaration<O, z.output<I>>
      } = {},
    ): ChannelDef<I, O, A> {
      return {
        input,
        access: options.access ?? ('agent' as A),
        maxBytes: options.maxBytes ?? DEFAULT_MAX_INPUT_BYTES,
        whileLocked: options.whileLocked ?? false,
        withProvisionalPassword: options.withProvisionalPassword ?? false,
        ...(output.health ? { health: output.health as HealthDeclaration<unknown, unknown> } : {}),
        ...(output.finance ? { finance: output.finance as FinanceDeclaration<unknown, unknown> } : {}),
      }
    },
  }
}

export type InputOf<C> = C extends ChannelDef<infer I, unknown, Access> ? z.input<I> : never
export type ParsedInputOf<C> = C extends ChannelDef<infer I, unknown, Access> ? z.output<I> : never
export type OutputOf<C> = C extends ChannelDef<z.ZodType, infer O, Access> ? O : never
export type AccessOf<C> = C extends ChannelDef<z.ZodType, unknown, infer A> ? A : never
