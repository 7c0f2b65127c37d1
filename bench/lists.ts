import { dayInFrance } from '../src-main/backend/demo/days'
import { dayListPdf } from '../src-main/backend/lists/day-documents'
import { dayList } from '../src-main/backend/lists/day-list'
import { kitchenCount } from '../src-main/backend/lists/kitchen'
import { addDays, monthBounds, weekdayOf } from '../src-shared/domain/days'
import { sqliteOf } from '../tests/helpers/sqlite'
import { cityDatabase } from './demo'
import { type BenchSuite, fmt, latency, timed } from './harness'

// The day's lists at a large city's scale (docs/listes-du-jour.md), on the
// 100,000-family demo: a structure's day list with about 2,000 children
// expected, its PDF, and a month of kitchen counts. Targets of issue 11:
// under 200 ms, 3 s and 500 ms.

export const listsSuite: BenchSuite = {
  name: 'lists',
  async run(report) {
    const { backend, ctx } = await cityDatabase()
    const sqlite = sqliteOf(backend.services)
    const structure = sqlite
      .prepare(
        `SELECT s.structure_id AS id, count(DISTINCT e.child_id) AS n FROM enrolments e
         JOIN services s ON s.id = e.service_id WHERE e.ends_on IS NULL
         GROUP BY s.structure_id ORDER BY n DESC LIMIT 1`,
      )
      .get() as { id: number; n: number }
    let day = dayInFrance(ctx.clock.now())
    while (![1, 2, 4, 5].includes(weekdayOf(day))) day = addDays(day, 1)
    const list = await dayList(ctx, { structureId: structure.id, date: day })
    const expected = list.services.reduce((n, s) => n + s.expected, 0)
    const distinct = new Set(list.services.flatMap((s) => s.children.map((c) => c.childId))).size
    report(
      `structure de ${structure.n.toLocaleString('fr-FR')} enfants inscrits, ${day} : ${expected.toLocaleString('fr-FR')} places attendues (${distinct.toLocaleString('fr-FR')} enfants) sur ${list.services.length} services`,
    )
    const day_ = await latency(Array.from({ length: 10 }), () =>
      dayList(ctx, { structureId: structure.id, date: day }),
    )
    report(
      `liste du jour (tous services) : médiane ${fmt(day_.median)}, p95 ${fmt(day_.p95)} (objectif < 200 ms)`,
    )
    const pdf = await timed(() => dayListPdf(list, ctx.clock.now()))
    report(`PDF de cette liste : ${fmt(pdf.ms)}, ${(pdf.value.length / 1024).toFixed(0)} Ko (objectif < 3 s)`)
    const { from, to } = monthBounds(day.slice(0, 7))
    const kitchen = await latency(Array.from({ length: 5 }), () =>
      kitchenCount(ctx, { structureId: structure.id, from, to }),
    )
    const count = await kitchenCount(ctx, { structureId: structure.id, from, to })
    const meals = count.days.reduce((n, d) => n + d.total, 0)
    report(
      `repas d’un mois (${count.days.length} jours × services, ${meals.toLocaleString('fr-FR')} repas) : médiane ${fmt(kitchen.median)}, p95 ${fmt(kitchen.p95)} (objectif < 500 ms)`,
    )
  },
}
