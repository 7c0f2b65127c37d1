import { randomUUID } from 'node:crypto'
import type { Actor, Clock } from '../context'
import { AppError } from '../errors'
import type { JobStatus } from './types'

// The statuses of the long tasks a back-end runs, for the screens that poll
// them: what the worker threads (manager.ts) and the tasks run in the
// back-end's own thread in server mode (inline.ts) share.

/** A task as the table keeps it: its status, and who may follow it. */
export interface TrackedJob {
  status: JobStatus
  staffId: number | null
}

/** How long a finished job's result stays available to the screen that started it. */
const KEEP_FINISHED_MS = 15 * 60_000

export class JobTable<J extends TrackedJob> {
  private readonly jobs = new Map<string, J>()

  constructor(private readonly clock: Clock) {}

  /** A new task's status, running from now; the finished tasks of long ago are let go. */
  opening(kind: string): JobStatus {
    const limit = this.clock.now().getTime() - KEEP_FINISHED_MS
    for (const [id, job] of this.jobs)
      if (job.status.finishedAt && new Date(job.status.finishedAt).getTime() < limit) this.jobs.delete(id)
    return {
      id: randomUUID(),
      kind,
      state: 'running',
      progress: { done: 0, total: null, phase: 'Démarrage' },
      startedAt: this.clock.now().toISOString(),
      finishedAt: null,
    }
  }

  add(job: J): void {
    this.jobs.set(job.status.id, job)
  }

  /** Ends a running task once: later ends (a worker's exit after its result) change nothing. */
  finish(job: J, state: JobStatus['state'], result?: unknown, error?: JobStatus['error']): void {
    if (job.status.state !== 'running') return
    job.status = { ...job.status, state, result, error, finishedAt: this.clock.now().toISOString() }
  }

  /** The task, for the staff member who started it only. */
  owned(id: string, actor: Actor): J {
    const job = this.jobs.get(id)
    if (!job || job.staffId !== actor.staffId)
      throw new AppError('NOT_FOUND', 'Cette opération est introuvable ou terminée depuis longtemps.')
    return job
  }

  /** The task, whoever started it (tests, the command line, the bench). */
  get(id: string): J {
    const job = this.jobs.get(id)
    if (!job) throw new Error(`No job ${id}`)
    return job
  }

  all(): J[] {
    return [...this.jobs.values()]
  }
}
