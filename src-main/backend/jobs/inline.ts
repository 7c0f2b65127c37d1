import type { Actor, Services } from '../context'
import { AppError } from '../errors'
import { jobContext } from './context'
import { jobKinds } from './kinds'
import { JobTable } from './table'
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

const UNEXPECTED =
  'Une erreur inattendue a interrompu l’opération ; rien n’a été enregistré. Le détail est dans le journal.'

export class InlineJobs implements Jobs {
  private readonly jobs: JobTable<InlineJob>

  /** `services`: the back-end's own (bootstrap.ts serverBackend); each job runs with them and its actor. */
  constructor(private readonly services: Services) {
    this.jobs = new JobTable(services.clock)
  }

  useKey(): void {}

  start(kind: string, params: unknown, actor: Actor): JobStatus {
    const runner = jobKinds[kind]
    if (!runner) throw new Error(`Unknown job kind ${kind}`)
    const status = this.jobs.opening(kind)
    const job: InlineJob = { status, staffId: actor.staffId, cancelled: false, done: Promise.resolve() }
    this.jobs.add(job)
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
        this.jobs.finish(job, 'done', result)
      } catch (error) {
        if (error instanceof AppError)
          this.jobs.finish(
            job,
            error.code === 'CANCELLED' ? 'cancelled' : 'failed',
            undefined,
            error.toPayload(),
          )
        else {
          this.services.log.error(`Job ${kind} failed`, error)
          this.jobs.finish(job, 'failed', undefined, { code: 'INTERNAL', message: UNEXPECTED })
        }
      }
    })
    return { ...status }
  }

  status(id: string, actor: Actor): JobStatus {
    return { ...this.jobs.owned(id, actor).status }
  }

  cancel(id: string, actor: Actor): JobStatus {
    const job = this.jobs.owned(id, actor)
    if (job.status.state === 'running') job.cancelled = true
    return { ...job.status }
  }

  async wait(id: string): Promise<JobStatus> {
    const job = this.jobs.get(id)
    await job.done
    return { ...job.status }
  }

  /** Cancels the running jobs and waits for them to stop (their transactions rolled back). */
  async close(): Promise<void> {
    for (const job of this.jobs.all()) if (job.status.state === 'running') job.cancelled = true
    await Promise.all(this.jobs.all().map((job) => job.done))
  }
}
