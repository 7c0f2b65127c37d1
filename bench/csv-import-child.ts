import { dirname, join } from 'node:path'
import { fileURLToPath } from 'node:url'
import type { ImportReport } from '@shared/contract/csv'
import { commandLineActor } from '../src-main/backend/auth/actor'
import { systemClock } from '../src-main/backend/context'
import { JobManager } from '../src-main/backend/jobs/manager'
import { statusMB } from './child'
import { cpuMs } from './harness'

// One import as the application runs it: a job of the JobManager, in its
// worker thread, reading files from a staging folder (family-csv/staging.ts),
// alone in its own process (child.ts) so that the peak memory read (VmHWM,
// the worker included) is the import's and not the bench's:
// `csv-import-child.ts DATABASE STAGING_DIR`, one JSON line on stdout.

const [database, dir] = process.argv.slice(2)
const log = { info() {}, warn() {}, error: (message: string) => process.stderr.write(`${message}\n`) }
const worker = join(dirname(fileURLToPath(import.meta.url)), '../src-main/backend/jobs/ts-worker.mjs')
const jobs = new JobManager({
  script: { path: worker },
  databasePath: database,
  backupsDir: join(dirname(database), 'backups'),
  version: 'bench',
  log,
  clock: systemClock,
})
const actor = commandLineActor('bench')
const idleRssMB = statusMB('VmRSS')
const started = performance.now()
const cpuStart = cpuMs()
const job = jobs.start('csv.import.run', { importId: 'bench', dir }, actor)
const phases: [string, number][] = []
let phase = ''
let since = started
for (;;) {
  const status = jobs.status(job.id, actor)
  if (status.progress.phase !== phase) {
    const now = performance.now()
    if (phase) phases.push([phase, now - since])
    phase = status.progress.phase
    since = now
  }
  if (status.state !== 'running') break
  await new Promise((resolve) => setTimeout(resolve, 50))
}
const ms = performance.now() - started
const cpuUntilReport = cpuMs() - cpuStart
phases.push([phase, performance.now() - since])
const status = jobs.status(job.id, actor)
// After its result, the worker copies the journal into the file (jobs/worker-entry.ts): measured apart.
await jobs.settled(job.id)
const checkpointMs = performance.now() - started - ms
await jobs.close()
const result = status.result as ImportReport | undefined
process.stdout.write(
  `${JSON.stringify({
    ms,
    /** The whole process's CPU time until the result, the worker's included. */
    cpuMs: cpuUntilReport,
    checkpointMs,
    phases: phases.filter(([name]) => name !== 'Démarrage'),
    written: result?.written ?? false,
    problems: result?.problems.slice(0, 5) ?? [status.error],
    lockMs: result?.lockMs ?? 0,
    auditEntries: result?.auditEntries ?? 0,
    maxRssMB: statusMB('VmHWM'),
    idleRssMB,
  })}\n`,
)
