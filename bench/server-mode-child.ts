import type { ImportReport } from '@shared/contract/csv'
import { commandLineActor } from '../src-main/backend/auth/actor'
import { startServerBackend } from '../src-main/backend/bootstrap'
import type { StaffContext } from '../src-main/backend/context'
import { openPostgres } from '../src-main/backend/db/postgres/open'
import { AppError } from '../src-main/backend/errors'
import { importRunJob } from '../src-main/backend/family-csv/jobs'
import { jobContext } from '../src-main/backend/jobs/context'
import { syntheticSet } from '../tests/helpers/synthetic-family-files'
import type { LimitRun } from './csv-limit'
import { cpuMs } from './harness'
import { bareInsertPostgres } from './server-mode-limit'

// The server's side of the CSV import comparison (server-mode.ts), each
// alone in a process of its own as csv-limit-child.ts and csv-import-child.ts
// are for the file, one JSON line on stdout:
//   server-mode-child.ts limit URL FAMILIES   the bare multi-row INSERTs (server-mode-limit.ts)
//   server-mode-child.ts import URL STAGING_DIR LOCAL_DIR
// The import runs the Import screen's job (family-csv/jobs.ts importRunJob)
// inline, as the server mode runs long tasks (bootstrap.ts, no worker threads).

/** What `import` prints: the run, or why the server mode cannot run it yet. */
export interface ServerImportRun {
  ms: number
  cpuMs: number
  written: boolean
  problems: unknown[]
  auditEntries: number
  /** Families on the server after the import (a check that it wrote them there). */
  families?: number
  /** Set when the import refused to run on the server: its French message. */
  unavailable?: string
}

const log = { info() {}, warn() {}, error: (message: string) => process.stderr.write(`${message}\n`) }
const [what, url, ...rest] = process.argv.slice(2)

if (what === 'limit') {
  const set = syntheticSet(Number(rest[0]))
  const server = await openPostgres(url, { max: 1, applicationName: 'marelle bench' })
  const started = performance.now()
  const cpuStart = cpuMs()
  const rows = await bareInsertPostgres(server, set)
  const run: LimitRun = { ms: performance.now() - started, cpuMs: cpuMs() - cpuStart, rows }
  await server.close()
  process.stdout.write(`${JSON.stringify(run)}\n`)
} else if (what === 'import') {
  const [dir, localDir] = rest
  const backend = await startServerBackend({
    databaseUrl: url,
    localDir,
    log,
    applicationName: 'marelle bench',
  })
  const actor = commandLineActor('bench')
  const ctx: StaffContext = { ...backend.services, session: { staffId: null }, actor }
  const job = jobContext(
    ctx,
    () => {},
    () => false,
  )
  const started = performance.now()
  const cpuStart = cpuMs()
  let run: ServerImportRun
  try {
    const report: ImportReport = await importRunJob(job, { importId: 'bench', dir })
    run = {
      ms: performance.now() - started,
      cpuMs: cpuMs() - cpuStart,
      written: report.written,
      problems: report.problems.slice(0, 5),
      auditEntries: report.auditEntries ?? 0,
      families: Number(
        (
          await ctx.db
            .selectFrom('families')
            .select((eb) => eb.fn.countAll<number>().as('n'))
            .executeTakeFirstOrThrow()
        ).n,
      ),
    }
  } catch (error) {
    // Only « pas encore disponible en mode serveur »: any other failure is the bench's to show.
    if (!(error instanceof AppError) || error.code !== 'UNAVAILABLE') throw error
    run = { ms: 0, cpuMs: 0, written: false, problems: [], auditEntries: 0, unavailable: error.message }
  }
  await backend.close()
  process.stdout.write(`${JSON.stringify(run)}\n`)
} else {
  process.stderr.write('usage : server-mode-child.ts limit URL FAMILLES | import URL DOSSIER DOSSIER_LOCAL\n')
  process.exit(2)
}
