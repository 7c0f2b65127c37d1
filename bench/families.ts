import { childHandlers } from '../src-main/backend/children/handlers'
import {
  completenessCounts,
  completenessPage,
  ensureCoverage,
} from '../src-main/backend/completeness/service'
import { familyHandlers } from '../src-main/backend/families/handlers'
import { sqliteOf } from '../tests/helpers/sqlite'
import { cityDatabase } from './demo'
import { type BenchSuite, fmt, latency, timed } from './harness'

// Opening files and counting incomplete ones over the city of the demo suite.

export const familiesSuite: BenchSuite = {
  name: 'families',
  async run(report) {
    const { ctx } = await cityDatabase()
    const ids = sqliteOf(ctx).prepare('SELECT id FROM families WHERE id % 997 = 0').pluck().all() as number[]
    // What the screens call: the family file, then each child's file (its health data read and traced).
    const open = async (id: number) => {
      const family = await familyHandlers['families/get'](ctx, { id })
      for (const child of family.children) await childHandlers['children/get'](ctx, { id: child.id })
    }
    for (const id of ids.slice(0, 10)) await open(id)
    const files = await latency(ids, open)
    report(
      `ouverture d’un dossier de famille et de ses enfants (${files.count} familles) : médiane ${fmt(files.median)}, p95 ${fmt(files.p95)}`,
    )
    const family = await latency(ids, (id) => familyHandlers['families/get'](ctx, { id }))
    report(`  dossier de famille seul : médiane ${fmt(family.median)}, p95 ${fmt(family.p95)}`)

    const today = ctx.clock.now().toISOString().slice(0, 10)
    // The demo writes without the services: the first look at the lists computes each child's coverage once.
    const fill = await timed(() => ensureCoverage(ctx.db))
    report(
      `couverture des dossiers calculée après la génération (${fill.value.toLocaleString('fr-FR')} enfants, une fois) : ${fmt(fill.ms)}`,
    )
    let counts = await completenessCounts(ctx.db, today)
    const runs = await latency([1, 2, 3, 4, 5], async () => {
      counts = await completenessCounts(ctx.db, today)
    })
    report(
      `comptage des dossiers incomplets (${counts.incomplete.toLocaleString('fr-FR')} incomplets dont ${counts.lapsed.toLocaleString('fr-FR')} validés devenus incomplets, ${counts.toValidate.toLocaleString('fr-FR')} à valider) : médiane ${fmt(runs.median)}, max ${fmt(runs.p95)}`,
    )
    const first = await latency([1, 2, 3], () =>
      completenessPage(ctx.db, today, { state: 'incomplete', offset: 0, limit: 100 }),
    )
    report(`  première page de la liste (100 lignes) : médiane ${fmt(first.median)}`)
    const deep = await latency([1, 2, 3], () =>
      completenessPage(ctx.db, today, {
        state: 'incomplete',
        offset: Math.max(0, counts.incomplete - 100),
        limit: 100,
      }),
    )
    report(`  dernière page de la liste : médiane ${fmt(deep.median)}`)
  },
}
