import type { AppErrorPayload } from '@shared/errors'
import type { Actor, StaffContext } from '../context'
import { AppError } from '../errors'

export interface JobProgress {
  done: number
  /** null while the total is not known yet. */
  total: number | null
  /** What is being done, in French: "Lecture des fichiers", "Écriture"… */
  phase: string
}

export type JobState = 'running' | 'done' | 'failed' | 'cancelled'

export interface JobStatus {
  id: string
  kind: string
  state: JobState
  progress: JobProgress
  result?: unknown
  error?: AppErrorPayload
  startedAt: string
  finishedAt: string | null
}

/** What a long task receives: the usual context, plus progress reporting and cancellation. */
export interface JobContext extends StaffContext {
  progress(update: Partial<JobProgress>): void
  cancelled(): boolean
  /** Throws when staff asked to cancel; call it between chunks of work (inside a transaction, it rolls back). */
  throwIfCancelled(): void
}

export type JobRunner<P = unknown, R = unknown> = (ctx: JobContext, params: P) => Promise<R>

export function cancelledError(): AppError {
  return new AppError('CANCELLED', 'Opération annulée : rien n’a été enregistré.')
}

/**
 * What the screens' handlers use of the long tasks: the worker threads of a
 * desktop on its file (manager.ts), or the tasks run inline by a back-end on
 * a PostgreSQL server (inline.ts).
 */
export interface Jobs {
  start(kind: string, params: unknown, actor: Actor): JobStatus
  status(id: string, actor: Actor): JobStatus
  cancel(id: string, actor: Actor): JobStatus
  /** Waits for a job to end (tests and the CLI). */
  wait(id: string): Promise<JobStatus>
  /** After a re-key: the jobs started from now on open the file with `key` (nothing to do on a server). */
  useKey(key: Buffer | null): void
  close(): Promise<void>
}
