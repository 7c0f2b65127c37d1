import type { ParseArgsConfig } from 'node:util'
import type { StaffContext } from '../backend/context'

export type Options = NonNullable<ParseArgsConfig['options']>
export type Values = Record<string, string | boolean | (string | boolean)[] | undefined>

export interface CommandInput {
  values: Values
  positionals: string[]
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
  /** 'raw': the file as it is (migrate, check, backup); 'migrated': pending migrations applied first. */
  database: 'raw' | 'migrated'
  run(ctx: StaffContext, input: CommandInput, io: Output): Promise<number>
}

/** Wrong words on the command line: exit code 2 with the usage. */
export class UsageError extends Error {}

export const EXIT_OK = 0
export const EXIT_REJECTED = 1
export const EXIT_USAGE = 2
