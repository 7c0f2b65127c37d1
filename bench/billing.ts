import { previousMonth } from '../src-main/backend/billing/run'
import { statement } from '../src-main/backend/billing/statement'
import { dayInFrance } from '../src-main/backend/demo/days'
import { sqliteOf } from '../tests/helpers/sqlite'
import { runChild } from './child'
import { cityDatabase } from './demo'
import { type BenchSuite, fmt, latency, load } from './harness'

// Billing at a large city's scale (docs/facturation.md), on the
// 100,000-family demo: last month's run, preview then issue, in a process of
// its own (billing-child.ts) for its exact peak memory; then one family's
// relevé de compte. Targets of issue 15: preview and issue under 60 s and
// 600 MB; a relevé under 20 ms.

interface BillingRun {
  invoices: number
  lines: number
  blocked: number
  issued: number
  previewMs: number
  issueMs: number
  previewCpuMs: number
  issueCpuMs: number
  idleMB: number
  /** VmHWM once the preview is done: the preview's own peak. */
  previewPeakMB: number
  peakMB: number
}

const n = (value: number) => value.toLocaleString('fr-FR')

export const billingSuite: BenchSuite = {
  name: 'billing',
  async run(report) {
    const { ctx, path } = await cityDatabase()
    const today = dayInFrance(ctx.clock.now())
    const month = previousMonth(today.slice(0, 7))
    const before = load()
    const run = await runChild<BillingRun>('billing-child.ts', [path, month])
    const after = load()
    report(
      `facturation de ${month} : ${n(run.invoices)} factures, ${n(run.lines)} lignes, ${run.blocked} famille(s) bloquée(s) ; ${n(run.issued)} émises`,
    )
    report(
      `aperçu + émission : ${fmt(run.previewMs + run.issueMs)} (objectif < 60 s ; ${before} avant, ${after} après)`,
    )
    report(
      `  aperçu ${fmt(run.previewMs)}, émission ${fmt(run.issueMs)} ; temps processeur ${fmt(run.previewCpuMs)} + ${fmt(run.issueCpuMs)} = ${fmt(run.previewCpuMs + run.issueCpuMs)} (ce que prendrait une machine calme)`,
    )
    report(
      `pic de mémoire du processus qui facture (VmHWM) : ${Math.round(run.peakMB)} Mo (objectif < 600 Mo ; aperçu seul : ${Math.round(run.previewPeakMB)} Mo ; au repos, modules chargés : ${Math.round(run.idleMB)} Mo)`,
    )
    const families = sqliteOf(ctx)
      .prepare(
        `SELECT family_id FROM invoices GROUP BY family_id HAVING count(*) >= 2 ORDER BY family_id LIMIT 50`,
      )
      .pluck()
      .all() as number[]
    const releve = await latency(families, (id) => statement(ctx.db, id, today))
    report(
      `relevé de compte (${families.length} familles, 3 factures et leurs paiements) : médiane ${fmt(releve.median)}, p95 ${fmt(releve.p95)} (objectif < 20 ms ; ${load()})`,
    )
  },
}
