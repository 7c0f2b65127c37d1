import type { Database } from 'better-sqlite3-multiple-ciphers'
import { bulkValidate } from '../src-main/backend/requests/bulk'
import { importRequests } from '../src-main/backend/requests/intake'
import { listQueue } from '../src-main/backend/requests/queue'
import { readReview } from '../src-main/backend/requests/review'
import { sqliteOf } from '../tests/helpers/sqlite'
import { cityDatabase } from './demo'
import { type BenchSuite, fmt, latency, timed } from './harness'

// Portal reservations at a large city's scale (issue 8, point 12): 10,000
// reservation requests for children enrolled in a Repas service, taken in
// over the 100,000-family demo (their dates written as « en cours de
// traitement »), reviewed date by date (service found by name, each date's
// state, deadline and places left), and 1,000 of them validated in bulk.

const REQUESTS = 10_000
/** Term-time days of January 2027 (Tuesday, Thursday), booked from the day of the bench. */
const DATES = [
  ['2027-01-12', '2027-01-14'],
  ['2027-01-19', '2027-01-21'],
  ['2027-01-26', '2027-01-28'],
]

interface Enrolled {
  family: string
  child: string
}

/** Children enrolled in a service named Repas, in a fixed order. */
function enrolled(sqlite: Database): Enrolled[] {
  return sqlite
    .prepare(
      `SELECT DISTINCT f.number AS family, c.identifier AS child FROM enrolments e
       JOIN services s ON s.id = e.service_id JOIN children c ON c.id = e.child_id JOIN families f ON f.id = c.family_id
       WHERE s.name = 'Repas' ORDER BY c.id LIMIT ${REQUESTS}`,
    )
    .all() as Enrolled[]
}

function requestLine(n: number, all: Enrolled[], at: number): string {
  const target = all[n % all.length]
  return JSON.stringify({
    ref: `P-AGENDA-${String(n).padStart(6, '0')}`,
    submitted_at: new Date(at + n * 1000).toISOString().replace('Z', '+00:00'),
    family: target.family,
    child: target.child,
    kind: 'reservation.add',
    payload: { service: 'Repas', dates: DATES[Math.floor(n / all.length) % DATES.length] },
  })
}

export const requestsAgendaSuite: BenchSuite = {
  name: 'requests-agenda',
  async run(report) {
    const { backend, ctx } = await cityDatabase()
    const sqlite = sqliteOf(backend.services)
    const all = enrolled(sqlite)
    report(`${all.length.toLocaleString('fr-FR')} enfants inscrits à un service « Repas »`)
    if (all.length === 0) return
    const at = ctx.clock.now().getTime()
    const text = `${Array.from({ length: REQUESTS }, (_, n) => requestLine(n, all, at)).join('\n')}\n`
    const intake = await timed(() => importRequests(ctx, text, 'agenda.jsonl'))
    const held = sqlite
      .prepare(
        "SELECT count(*) FROM agenda_request_days WHERE request_id IN (SELECT id FROM requests WHERE ref LIKE 'P-AGENDA-%')",
      )
      .pluck()
      .get() as number
    report(
      `import de ${REQUESTS.toLocaleString('fr-FR')} demandes de réservation (une transaction) : ${fmt(intake.ms)} (${fmt(intake.ms / REQUESTS)} par demande) — ${intake.value.imported} importées, ${intake.value.errors.length} erreurs, ${held.toLocaleString('fr-FR')} dates « en cours de traitement »`,
    )
    const ids = sqlite
      .prepare("SELECT id FROM requests WHERE ref LIKE 'P-AGENDA-%' AND state = 'pending' ORDER BY id")
      .pluck()
      .all() as number[]
    const page = await latency(
      Array.from({ length: 10 }, (_, k) => k * 100),
      (offset) => listQueue(ctx, { kinds: ['reservation.add'], states: ['pending'], offset, limit: 100 }),
    )
    report(
      `file des réservations : une page de 100, 10 pages : médiane ${fmt(page.median)}, p95 ${fmt(page.p95)}`,
    )
    const sample = ids.filter((_, i) => i % 20 === 0)
    const review = await latency(sample, (id) => readReview(ctx, id))
    report(
      `revue date par date (état, délai, places restantes), ${sample.length} demandes : médiane ${fmt(review.median)}, p95 ${fmt(review.p95)} — soit ${fmt(review.median * REQUESTS)} pour les ${REQUESTS.toLocaleString('fr-FR')}`,
    )
    const first = await readReview(ctx, ids[0])
    report(
      `  exemple : ${first.ref}, ${first.agenda?.serviceName} (${first.agenda?.structureName}) : ${first.agenda?.days.map((d) => `${d.date} ${d.onTime ? 'dans les délais' : 'hors délai'}, ${d.placesLeft ?? 'sans limite'} places`).join(' ; ')}`,
    )
    const chosen = ids.slice(0, 1000)
    const bulk = await timed(() => bulkValidate(ctx, chosen))
    report(
      `validation groupée de ${chosen.length} réservations : ${fmt(bulk.ms)} (${fmt(bulk.ms / chosen.length)} par demande) — ${bulk.value.applied.length} appliquées, ${bulk.value.skipped.length} laissées de côté`,
    )
    const reasons = new Map<string, number>()
    for (const s of bulk.value.skipped) {
      const key = s.reason.replace(/\d{2}\/\d{2}\/\d{4}/g, 'jj/mm/aaaa')
      reasons.set(key, (reasons.get(key) ?? 0) + 1)
    }
    for (const [reason, count] of [...reasons].sort((a, b) => b[1] - a[1]).slice(0, 3))
      report(`  laissées de côté (${count}) : ${reason}`)
  },
}
