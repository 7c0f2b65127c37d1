import { main } from '../../src-main/cli/main'
import type { TestBackend } from './backend'

/** Runs `marelle …` in this process and captures what it prints. */
export async function runCli(...argv: string[]): Promise<{ code: number; out: string; err: string }> {
  const out: string[] = []
  const err: string[] = []
  const code = await main(argv, { out: (l) => out.push(l), err: (l) => err.push(l) })
  return { code, out: out.join('\n'), err: err.join('\n') }
}

/**
 * Runs `marelle --db <the backend's database> …`: its SQLite file, or in
 * server mode (MARELLE_TEST_DB=postgres) its PostgreSQL address, so the same
 * command-line test runs on both engines.
 */
export function runCliOn(backend: Pick<TestBackend, 'database'>, ...argv: string[]) {
  return runCli('--db', backend.database, ...argv)
}
