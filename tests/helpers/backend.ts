import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { type Backend, type BackendOptions, startBackend } from '../../src-main/backend/bootstrap'
import type { Actor, Clock, Logger, Session, StaffContext } from '../../src-main/backend/context'
import { createPostgresBackend, onPostgres } from './pg-backend'

/** A clock the test moves by hand. */
export class TestClock implements Clock {
  constructor(public current = new Date('2026-11-27T09:00:00.000Z')) {}
  now(): Date {
    return new Date(this.current)
  }
  advance(ms: number): void {
    this.current = new Date(this.current.getTime() + ms)
  }
}

export const silentLog: Logger & { errors: unknown[] } = {
  errors: [],
  info: () => {},
  warn: () => {},
  error: (...args: unknown[]) => {
    silentLog.errors.push(args)
  },
}

export interface TestBackend extends Backend {
  dir: string
  /** The SQLite file's path (in server mode a path beside nothing: use `database` for the CLI). */
  dbPath: string
  /** What `marelle --db` names this backend's database: the file's path, or in server mode the server's address. */
  database: string
  clock: TestClock
  session(): Session
  /** Calls a channel through the dispatcher; throws with the French message on refusal. */
  call<T = unknown>(channel: string, input: unknown, session: Session): Promise<T>
  /** A context for calling services directly, as the command-line tool does. */
  context(actor: Actor): StaffContext
  dispose(): Promise<void>
}

/** A backend on a new SQLite file in a temporary folder (`options`: a key, another log…). */
export function createTestBackend(options: Partial<BackendOptions> = {}): TestBackend {
  const dir = mkdtempSync(join(tmpdir(), 'marelle-test-'))
  const dbPath = join(dir, 'marelle.db')
  const clock = new TestClock()
  // MARELLE_TEST_DB=postgres: the same tests on a server database (pg-backend.ts).
  const backend = onPostgres
    ? createPostgresBackend({
        localDir: dir,
        log: options.log ?? silentLog,
        clock: options.clock ?? clock,
        logsDir: options.logsDir,
        version: options.version,
        desktop: options.desktop,
        serverSecrets: options.serverSecrets,
      })
    : { ...startBackend({ databasePath: dbPath, log: silentLog, clock, ...options }), database: dbPath }
  return {
    ...backend,
    dir,
    dbPath,
    clock,
    session: () => ({ staffId: null }),
    async call(channel, input, session) {
      const envelope = await backend.dispatch(channel, input, session)
      if (!envelope.ok) throw Object.assign(new Error(envelope.error.message), { payload: envelope.error })
      return envelope.value as never
    },
    context(actor) {
      return { ...backend.services, session: { staffId: actor.staffId }, actor }
    },
    async dispose() {
      await backend.close()
      rmSync(dir, { recursive: true, force: true })
    },
  }
}

export const ADMIN_INPUT = {
  login: 'admin',
  displayName: 'Camille Admin',
  password: 'Marelle-2026!',
  passwordConfirm: 'Marelle-2026!',
}

/** Creates the administrator and returns a session signed in as them. */
export async function signedInAdmin(backend: TestBackend): Promise<Session> {
  const session = backend.session()
  await backend.call('auth/setupAdmin', ADMIN_INPUT, session)
  return session
}
