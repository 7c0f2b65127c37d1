import { issueRun, planRun, previousMonth, runView } from '../src-main/backend/billing/run'
import { statement } from '../src-main/backend/billing/statement'
import { inTransaction } from '../src-main/backend/db/transaction'
import { dayInFrance } from '../src-main/backend/demo/days'
import { cityDatabase } from './demo'
import { type BenchSuite, fmt, latency, timed } from './harness'

// Billing at a large city's scale (docs/facturation.md), on the
// 100,000-family demo: last month's run, preview then issue, with the peak
// resident memory over the run, and one family's relevé de compte.
// Targets of issue 15: preview and issue under 60 s and 600 MB; a relevé
// under 20 ms.

const MB = 1024 * 1024

/** Samples the resident set size and the JS heap (with native buffers) while `work` runs; returns their peak growth, in MB. */
async function peakRss<T>(work: () => Promise<T>): Promise<{ value: T; peakMB: number; heapMB: number }> {
  const heap = () => {
    const m = process.memoryUsage()
    return m.heapUsed + m.external + m.arrayBuffers
  }
  const start = process.memoryUsage().rss
  const heapStart = heap()
  let peak = start
  let heapPeak = heapStart
  const sample = () => {
    peak = Math.max(peak, process.memoryUsage().rss)
    heapPeak = Math.max(heapPeak, heap())
  }
  const timer = setInterval(sample, 50)
  try {
    const value = await work()
    sample()
    return { value, peakMB: (peak - start) / MB, heapMB: (heapPeak - heapStart) / MB }
  } finally {
    clearInterval(timer)
  }
}

export const billingSuite: BenchSuite = {
  name: 'billing',
  async run(report) {
    const { backend, ctx } = await cityDatabase()
    const sqlite = backend.services.sqlite
    const today = dayInFrance(ctx.clock.now())
    const month = previousMonth(today.slice(0, 7))
    const rssBefore = process.memoryUsage().rss / MB
    // The preview and the issue are two actions of staff: the preview's view is let go before issuing, as on screen.
    const { value, peakMB, heapMB } = await peakRss(async () => {
      const preview = await timed(async () => {
        const view = await runView(ctx.db, await planRun(ctx.db, month), null)
        return {
          invoices: view.invoices.length,
          lines: view.invoices.reduce((n, i) => n + i.lines.length, 0),
          blocked: new Set(view.blocked.map((b) => b.familyId)).size,
        }
      })
      const issue = await timed(() =>
        inTransaction(
          ctx.db,
          async (trx) =>
            (await issueRun(trx, month, { actor: ctx.actor, clock: ctx.clock, today })).issued.length,
        ),
      )
      return { preview, issue }
    })
    const { preview, issue } = value
    report(
      `facturation de ${month} : ${preview.value.invoices.toLocaleString('fr-FR')} factures, ${preview.value.lines.toLocaleString('fr-FR')} lignes, ${preview.value.blocked} famille(s) bloquée(s) ; ${issue.value.toLocaleString('fr-FR')} émises`,
    )
    report(
      `aperçu : ${fmt(preview.ms)} ; émission : ${fmt(issue.ms)} ; ensemble ${fmt(preview.ms + issue.ms)} (objectif < 60 s)`,
    )
    report(
      `mémoire : tas JS en pointe à +${heapMB.toFixed(0)} Mo ; RSS en pointe à +${peakMB.toFixed(0)} Mo au-dessus de ${rssBefore.toFixed(0)} Mo, laissés par la génération (objectif < 600 Mo)`,
    )
    const families = sqlite
      .prepare(
        `SELECT family_id FROM invoices GROUP BY family_id HAVING count(*) >= 2 ORDER BY family_id LIMIT 50`,
      )
      .pluck()
      .all() as number[]
    const releve = await latency(families, (id) => statement(ctx.db, id, today))
    report(
      `relevé de compte (${families.length} familles, 3 factures et leurs paiements) : médiane ${fmt(releve.median)}, p95 ${fmt(releve.p95)} (objectif < 20 ms)`,
    )
  },
}
