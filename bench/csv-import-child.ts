import { commandLineActor } from '../src-main/backend/auth/actor'
import { systemClock } from '../src-main/backend/context'
import { openDatabase } from '../src-main/backend/db/open'
import { runImport } from '../src-main/backend/family-csv/import/run'
import { openSources } from '../src-main/backend/family-csv/import/sources'

// One import, alone in its own process, so that the peak memory it reports
// (the process's maximum resident set size) is the import's and not the
// bench's: `csv-import-child.ts DATABASE FILE…`, one JSON line on stdout.

const [database, ...paths] = process.argv.slice(2)
const opened = openDatabase(database)
const phases: [string, number][] = []
let phase = ''
let since = performance.now()
const ctx = {
  sqlite: opened.sqlite,
  db: opened.db,
  actor: commandLineActor('bench'),
  clock: systemClock,
  progress(update: { phase?: string }) {
    if (update.phase && update.phase !== phase) {
      if (phase) phases.push([phase, performance.now() - since])
      phase = update.phase
      since = performance.now()
    }
  },
  throwIfCancelled() {},
}
const idleRssMB = process.memoryUsage().rss / 1024 / 1024
const started = performance.now()
const { sources, problems } = await openSources(paths)
const result = await runImport(ctx, { sources, sourceProblems: problems, write: true })
const ms = performance.now() - started
phases.push([phase, performance.now() - since])
await opened.close()
process.stdout.write(
  `${JSON.stringify({
    ms,
    phases,
    written: result.written,
    problems: result.problems.slice(0, 5),
    lockMs: result.lockMs,
    auditEntries: result.auditEntries,
    maxRssMB: process.resourceUsage().maxRSS / 1024,
    idleRssMB,
  })}\n`,
)
