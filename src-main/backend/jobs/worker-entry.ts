// Entry point of the worker threads that run long tasks (imports, exports,
// backups) off the thread that answers the UI. Each has its own connection.
import { parentPort, workerData } from 'node:worker_threads'
import type { Actor, Logger } from '../context'
import { systemClock } from '../context'
import { copyJournalNow, deferJournalCopy } from '../db/journal-copy'
import { type OpenDatabase, openDatabase } from '../db/open'
import { AppError } from '../errors'
import { jobContext } from './context'
import { jobKinds } from './kinds'

export interface WorkerInput {
  kind: string
  params: unknown
  databasePath: string
  backupsDir: string
  nativeBinding?: string
  /** The database key, copied in memory by workerData (a Uint8Array on this side), or null for a plain database. */
  key: Uint8Array | null
  version: string
  actor: Actor
  cancel: SharedArrayBuffer
}

export type WorkerMessage =
  | { type: 'progress'; progress: { done: number; total: number | null; phase: string } }
  | { type: 'done'; result: unknown }
  | { type: 'failed'; error: ReturnType<AppError['toPayload']>; detail?: string }
  | { type: 'log'; level: 'info' | 'warn' | 'error'; message: string }

const input = workerData as WorkerInput
const post = (message: WorkerMessage) => parentPort?.postMessage(message)
const flag = new Int32Array(input.cancel)

const log: Logger = {
  info: (message) => post({ type: 'log', level: 'info', message }),
  warn: (message) => post({ type: 'log', level: 'warn', message }),
  error: (message, ...rest) =>
    post({ type: 'log', level: 'error', message: `${message} ${rest.map(String).join(' ')}` }),
}

/** The journal copied into the file after the job (db/journal-copy.ts). */
function copyJournalIntoFile(opened: OpenDatabase): void {
  try {
    copyJournalNow(opened)
  } catch (error) {
    // The result is given: a failed copy loses nothing (the journal keeps it for the next checkpoint).
    log.warn(
      `Recopie du journal après la tâche impossible : ${error instanceof Error ? error.message : String(error)}`,
    )
  }
}

async function run(): Promise<void> {
  const runner = jobKinds[input.kind]
  if (!runner) throw new Error(`Unknown job kind ${input.kind}`)
  // Waits for the UI thread's short writes rather than failing.
  const opened = openDatabase(input.databasePath, {
    nativeBinding: input.nativeBinding,
    key: input.key ? Buffer.from(input.key) : null,
    busyTimeoutMs: 30_000,
  })
  try {
    const ctx = jobContext(
      {
        db: opened.db,
        storage: opened.storage,
        clock: systemClock,
        log,
        paths: { databasePath: input.databasePath, backupsDir: input.backupsDir, logsDir: null },
        version: input.version,
        session: { staffId: input.actor.staffId },
        actor: input.actor,
      },
      (progress) => post({ type: 'progress', progress }),
      () => Atomics.load(flag, 0) === 1,
    )
    // The write-ahead journal is copied into the file after the result is
    // given, not at COMMIT (db/journal-copy.ts): staff see the result at once.
    const resumeJournalCopy = deferJournalCopy(opened)
    let result: unknown
    try {
      result = await runner(ctx, input.params as never)
      ctx.flush()
    } finally {
      resumeJournalCopy()
    }
    post({ type: 'done', result })
    copyJournalIntoFile(opened)
  } finally {
    await opened.close()
  }
}

run().catch((error: unknown) => {
  if (error instanceof AppError) post({ type: 'failed', error: error.toPayload() })
  else
    post({
      type: 'failed',
      error: {
        code: 'INTERNAL',
        message:
          'Une erreur inattendue a interrompu l’opération ; rien n’a été enregistré. Le détail est dans le journal.',
      },
      detail: error instanceof Error ? (error.stack ?? error.message) : String(error),
    })
})
