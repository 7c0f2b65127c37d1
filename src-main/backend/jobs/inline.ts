import { randomUUID } from 'node:crypto'
import type { Actor, Services } from '../context'
import { AppError } from '../errors'
import { jobContext } from './context'
import { jobKinds } from './kinds'
import type { JobStatus, Jobs } from './types'

// The long tasks of a back-end on a PostgreSQL server (docs/architecture.md,
// « Mode serveur »): run in this thread, on the services' own pool, rather
// than in worker threads that would each open the database again (a worker
// opens the SQLite file; on a server the pool is already there and the
// tasks' database work is asynchronous). The same statuses, progress,
// cancellation and French errors as the worker threads (manager.ts), so the
// screens poll them the same way.

interface InlineJob {
  status: JobStatus
  staffId: number | null
  cancelled: boolean
  done: Promise<void>
}

/** How long a finished job's result stays available to the screen that started it (as manager.ts). */
const KEEP_FINISHED_MS = 15 * 60_000

const UNEXPECTED =
  'Une erreur inattendue a interrompu l’opération ; rien n’a été enregistré. Le détail est dans le journal.'

export class InlineJobs implements Jobs {
  private readonly jobs = new Map<string, InlineJob>()

  /** `services`: the back-end's own (bootstrap.ts serverBackend); each job runs with them and its actor. */
  constructor(private readonly services: Services) {}

  useKey(): void {}

  start(kind: string, params: unknown, actor: Actor): JobStatus {
    const runner = jobKinds[kind]
    if (!runner) throw new Error(`Unknown job kind ${kind}`)
    this.forgetOld()
    const status: JobStatus = {
      id: randomUUID(),
      kind,
      state: 'running',
      progress: { done: 0, total: null, phase: 'Démarrage' },
      startedAt: this.services.clock.now().toISOString(),
      finishedAt: null,
    }
    const job: InlineJob = { status, staffId: actor.staffId, cancelled: false, done: Promise.resolve() }
    this.jobs.set(status.id, job)
    // On the next turn: the caller gets the status (and its id) before any of the work is done.
    job.done = new Promise<void>((resolve) => setImmediate(resolve)).then(async () => {
      const ctx = jobContext(
        { ...this.services, session: { staffId: actor.staffId }, actor },
        (progress) => {
          job.status.progress = progress
        },
        () => job.cancelled,
      )
      try {
        const result = await runner(ctx, params as never)
        ctx.flush()
        this.finish(job, 'done', result)
      } catch (error) {
        if (error instanceof AppError)
          this.finish(job, error.code === 'CANCELLED' ? 'cancelled' : 'failed', undefined, error.toPayload())
        else {
          this.services.log.error(`Job ${kind} failed`, error)
          this.finish(job, 'failed', undefined, { code: 'INTERNAL', message: UNEXPECTED })
        }
      }
    })
    return { ...status }
  }

  private finish(
    job: InlineJob,
    state: JobStatus['state'],
    result?: unknown,
    error?: JobStatus['error'],
  ): void {
    if (job.status.state !== 'running') return
    job.status = {
      ...job.status,
      state,
      result,
      error,
      finishedAt: this.services.clock.now().toISOString(),
    }
  }

  private owned(id: string, actor: Actor): InlineJob {
    const job = this.jobs.get(id)
    if (!job || job.staffId !== actor.staffId)
      throw new AppError('NOT_FOUND', 'Cette opération est introuvable ou terminée depuis longtemps.')
    return job
  }

  status(id: string, actor: Actor): JobStatus {
    return { ...this.owned(id, actor).status }
  }

  cancel(id: string, actor: Actor): JobStatus {
    const job = this.owned(id, actor)
    if (job.status.state === 'running') job.cancelled = true
    return { ...job.status }
  }

  async wait(id: string): Promise<JobStatus> {
    const job = this.jobs.get(id)
    if (!job) throw new Error(`No job ${id}`)
    await job.done
    return { ...job.status }
  }

  private forgetOld(): void {
    const limit = this.services.clock.now().getTime() - KEEP_FINISHED_MS
    for (const [id, job] of this.jobs)
      if (job.status.finishedAt && new Date(job.status.finishedAt).getTime() < limit) this.jobs.delete(id)
  }

  /** Cancels the running jobs and waits for them to stop (their transactions rolled back). */
  async close(): Promise<void> {
    for (const job of this.jobs.values()) if (job.status.state === 'running') job.cancelled = true
    await Promise.all([...this.jobs.values()].map((job) => job.done))
  }
}
