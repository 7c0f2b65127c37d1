import { Worker } from 'node:worker_threads'
import type { Actor, Clock, Logger } from '../context'
import { JobTable } from './table'
import type { JobStatus } from './types'
import type { WorkerInput, WorkerMessage } from './worker-entry'

export interface WorkerScript {
  path: string
  execArgv?: string[]
}

interface RunningJob {
  status: JobStatus
  staffId: number | null
  worker: Worker
  cancel: Int32Array
  /** Resolved when the worker has exited, its copy of the journal into the file done (worker-entry.ts). */
  exited: Promise<void>
}

/**
 * A worker's JavaScript heap. Left to itself, a worker's heap grows far past
 * what it holds before collecting (a city's CSV import peaked at 1 GB in its
 * worker, 540 MB in a plain process); with a ceiling the collector works
 * sooner. A 100,000-family import holds a few hundred MB at most
 * (docs/architecture.md, « Les travaux longs »).
 */
const WORKER_LIMITS = { maxOldGenerationSizeMb: 384 }

/**
 * Runs long tasks in worker threads and keeps their status for the screens,
 * which poll it (the same way over IPC and over the web host).
 */
export class JobManager {
  private readonly jobs: JobTable<RunningJob>

  constructor(
    private readonly options: {
      script: WorkerScript
      databasePath: string
      backupsDir: string
      nativeBinding?: string
      /** The database key (docs/chiffrement.md): handed to each worker in memory, never written or logged. */
      key?: Buffer | null
      version: string
      log: Logger
      clock: Clock
    },
  ) {
    this.jobs = new JobTable(options.clock)
  }

  /** After a re-key (db/cipher.ts, rekeyDatabase): the workers started from now on get `key`. */
  useKey(key: Buffer | null): void {
    this.options.key = key
  }

  start(kind: string, params: unknown, actor: Actor): JobStatus {
    const status = this.jobs.opening(kind)
    const cancel = new SharedArrayBuffer(4)
    const input: WorkerInput = {
      kind,
      params,
      databasePath: this.options.databasePath,
      backupsDir: this.options.backupsDir,
      nativeBinding: this.options.nativeBinding,
      // A copy of its own: a pooled Buffer would take its whole slab along into the worker.
      key: this.options.key ? new Uint8Array(this.options.key) : null,
      version: this.options.version,
      actor,
      cancel,
    }
    const worker = new Worker(this.options.script.path, {
      workerData: input,
      execArgv: this.options.script.execArgv,
      resourceLimits: WORKER_LIMITS,
    })
    const exited = new Promise<void>((resolve) => worker.once('exit', () => resolve()))
    const job: RunningJob = { status, staffId: actor.staffId, worker, cancel: new Int32Array(cancel), exited }
    this.jobs.add(job)
    worker.on('message', (message: WorkerMessage) => this.receive(job, message))
    worker.on('error', (error) => {
      this.options.log.error(`Job ${kind} crashed`, error)
      this.jobs.finish(job, 'failed', undefined, {
        code: 'INTERNAL',
        message: 'L’opération s’est interrompue ; rien n’a été enregistré. Le détail est dans le journal.',
      })
    })
    worker.on('exit', () => {
      if (job.status.state === 'running')
        this.jobs.finish(job, 'failed', undefined, {
          code: 'INTERNAL',
          message: 'L’opération s’est arrêtée avant la fin ; rien n’a été enregistré.',
        })
    })
    return { ...status }
  }

  private receive(job: RunningJob, message: WorkerMessage): void {
    if (message.type === 'progress') job.status.progress = message.progress
    else if (message.type === 'log')
      this.options.log[message.level](`[${job.status.kind}] ${message.message}`)
    else if (message.type === 'done') this.jobs.finish(job, 'done', message.result)
    else {
      if (message.detail) this.options.log.error(`Job ${job.status.kind} failed: ${message.detail}`)
      this.jobs.finish(
        job,
        message.error.code === 'CANCELLED' ? 'cancelled' : 'failed',
        undefined,
        message.error,
      )
    }
  }

  status(id: string, actor: Actor): JobStatus {
    return { ...this.jobs.owned(id, actor).status }
  }

  cancel(id: string, actor: Actor): JobStatus {
    const job = this.jobs.owned(id, actor)
    if (job.status.state === 'running') Atomics.store(job.cancel, 0, 1)
    return { ...job.status }
  }

  /** Waits for a job to end (tests and the CLI). */
  async wait(id: string): Promise<JobStatus> {
    const job = this.jobs.get(id)
    while (job.status.state === 'running') await new Promise((r) => setTimeout(r, 20))
    return { ...job.status }
  }

  /**
   * Waits for a job's worker to exit: after its result, a worker still copies
   * the write-ahead journal into the database file (worker-entry.ts). For the
   * bench, which must not measure the next task while that copy runs.
   */
  async settled(id: string): Promise<void> {
    await this.jobs.get(id).exited
  }

  async close(): Promise<void> {
    for (const job of this.jobs.all()) if (job.status.state === 'running') Atomics.store(job.cancel, 0, 1)
    await Promise.all(this.jobs.all().map((job) => job.worker.terminate()))
  }
}
