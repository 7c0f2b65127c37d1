import type { ParseArgsConfig } from 'node:util'
import type { StaffContext } from '../backend/context'

export type Options = NonNullable<ParseArgsConfig['options']>
export type Values = Record<string, string | boolean | (string | boolean)[] | undefined>

export interface CommandInput {
  values: Values
  positionals: string[]
  /** The database key given by --key-file or MARELLE_DB_KEY, or null (docs/chiffrement.md). */
  key: Buffer | null
}

export interface Output {
  out(line: string): void
  err(line: string): void
}

export interface Command {
  /** One or two words, e.g. "migrate" or "requests import". */
  name: string
  summary: string
  /** The usage line after "marelle --db PATH ". */
  usage: string
  options?: Options
  /** Options without which the command cannot run (usage error, exit 2). */
  requiredOptions?: string[]
  /**
   * 'raw': the file as it is (migrate, check, backup); 'migrated': pending
   * migrations applied first; 'closed': opened to know who runs the command,
   * then closed before `run`, for commands that need the file to themselves
   * (encrypt): ctx.db and ctx.storage must not be used.
   */
  database: 'raw' | 'migrated' | 'closed'
  run(ctx: StaffContext, input: CommandInput, io: Output): Promise<number>
}

/** Wrong words on the command line: exit code 2 with the usage. */
export class UsageError extends Error {}

export const EXIT_OK = 0
export const EXIT_REJECTED = 1
export const EXIT_USAGE = 2
