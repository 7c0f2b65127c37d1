import { commandLineActor } from '../src-main/backend/auth/actor'
import { issueRun, planRun, runView } from '../src-main/backend/billing/run'
import { systemClock } from '../src-main/backend/context'
import { openDatabase } from '../src-main/backend/db/open'
import { inTransaction } from '../src-main/backend/db/transaction'
import { dayInFrance } from '../src-main/backend/demo/days'
import { statusMB } from './child'
import { cpuMs } from './harness'

// One month's billing run (preview, then issue), alone in its own process
// (child.ts), for its exact peak memory: `billing-child.ts DATABASE MONTH`,
// one JSON line on stdout.

const [database, month] = process.argv.slice(2)
const opened = openDatabase(database)
const actor = commandLineActor('bench')
const today = dayInFrance(systemClock.now())
const idleMB = statusMB('VmRSS')

const started = { wall: performance.now(), cpu: cpuMs() }
// The preview and the issue are two actions of staff: the preview's view is let go before issuing, as on screen.
const preview = await (async () => {
  const view = await runView(opened.db, await planRun(opened.db, month), null)
  return {
    invoices: view.invoices.length,
    lines: view.invoices.reduce((n, i) => n + i.lines.length, 0),
    blocked: new Set(view.blocked.map((b) => b.familyId)).size,
  }
})()
const previewed = { wall: performance.now(), cpu: cpuMs() }
const previewPeakMB = statusMB('VmHWM')
const issued = await inTransaction(
  opened.db,
  async (trx) => (await issueRun(trx, month, { actor, clock: systemClock, today })).issued.length,
)
const ended = { wall: performance.now(), cpu: cpuMs() }
await opened.close()
process.stdout.write(
  `${JSON.stringify({
    ...preview,
    issued,
    previewMs: previewed.wall - started.wall,
    issueMs: ended.wall - previewed.wall,
    previewCpuMs: previewed.cpu - started.cpu,
    issueCpuMs: ended.cpu - previewed.cpu,
    idleMB,
    previewPeakMB,
    peakMB: statusMB('VmHWM'),
  })}\n`,
)
