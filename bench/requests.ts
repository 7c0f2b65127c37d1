import type { Database } from 'better-sqlite3-multiple-ciphers'
import { bulkValidate } from '../src-main/backend/requests/bulk'
import { importRequests } from '../src-main/backend/requests/intake'
import { countPending, listQueue } from '../src-main/backend/requests/queue'
import { readReview } from '../src-main/backend/requests/review'
import { sqliteOf } from '../tests/helpers/sqlite'
import { cityDatabase } from './demo'
import { type BenchSuite, cpuMs, fmt, latency, load, timed } from './harness'

// The request queue at a large city's scale: 50,000 portal requests taken
// in over the 100,000-family demo (shared with the other suites: this one
// runs last, as it adds requests and changes some files), the queue's first
// page, one request's review, and 1,000 requests validated in bulk.

const REQUESTS = 50_000

interface Target {
  family: string
  child: string | null
}

/** Each family's number and its first child's identifier, in a fixed order. */
export function targets(sqlite: Database): Target[] {
  return sqlite
    .prepare(
      'SELECT f.number AS family, (SELECT identifier FROM children c WHERE c.family_id = f.id ORDER BY c.id LIMIT 1) AS child FROM families f ORDER BY f.id',
    )
    .all() as Target[]
}

/** A mix like a portal's day: mostly contact changes, some CAF/fiscal/bank, persons, health, agenda. */
export function requestLine(n: number, all: Target[]): string {
  const target = all[(n * 7919) % all.length]
  const base = {
    ref: `P-BENCH-${String(n).padStart(6, '0')}`,
    submitted_at: new Date(Date.UTC(2026, 0, 1) + n * 60_000).toISOString().replace('Z', '+00:00'),
    family: target.family,
  }
  const child = { ...base, child: target.child }
  switch (target.child ? n % 10 : n % 6) {
    case 0:
    case 1:
    case 2:
      return JSON.stringify({
        ...base,
        kind: 'responsable.update',
        payload: { email: `famille${n}@exemple.fr`, mobile: `06${String(10_000_000 + n).slice(-8)}` },
      })
    case 3:
      return JSON.stringify({ ...base, kind: 'fiscal.update', payload: { nombre_de_parts: '2,5' } })
    case 4:
      return JSON.stringify({ ...base, kind: 'caf.update', payload: { n_allocataire: String(n), qf: 650 } })
    case 5:
      return JSON.stringify({
        ...base,
        kind: 'bank.update',
        payload: { iban: 'FR7630006000011234567890189' },
      })
    case 6:
      return JSON.stringify({
        ...child,
        kind: 'authorized_person.add',
        payload: { nom: `VOISIN${n}`, prenom: 'Jean', lien_de_parente: 'Voisin(e)', telephone: '0612345678' },
      })
    case 7:
      return JSON.stringify({
        ...child,
        kind: 'vaccination.add',
        payload: { vaccin: 'Pentacoq', date: '2014-06-12', date_rappel: '2017-07-01' },
      })
    case 8:
      return JSON.stringify({
        ...child,
        kind: 'health.add',
        payload: { type: 'allergie', libelle: `Allergie ${n}`, allergene: 'Arachides' },
      })
    default:
      return JSON.stringify({
        ...child,
        kind: 'reservation.add',
        payload: { service: 'Repas', dates: ['2026-03-02', '2026-03-03'] },
      })
  }
}

export const requestsSuite: BenchSuite = {
  name: 'requests',
  async run(report) {
    const { backend, ctx } = await cityDatabase()
    const all = targets(sqliteOf(backend.services))
    report(`base de démonstration : ${all.length.toLocaleString('fr-FR')} familles`)
    const text = `${Array.from({ length: REQUESTS }, (_, n) => requestLine(n, all)).join('\n')}\n`
    const intake = await timed(() => importRequests(ctx, text, 'bench.jsonl'))
    report(
      `import de ${REQUESTS.toLocaleString('fr-FR')} demandes (${(text.length / 1024 / 1024).toFixed(1)} Mo, une transaction) : ${fmt(intake.ms)} — ${intake.value.imported} importées, ${intake.value.errors.length} erreurs`,
    )
    const again = await timed(() => importRequests(ctx, text, 'bench.jsonl'))
    report(`même fichier réimporté (tout déjà connu) : ${fmt(again.ms)} — ${again.value.duplicates} doublons`)

    const firstCpu = cpuMs()
    const first = await timed(() => listQueue(ctx, { states: ['pending'], offset: 0, limit: 100 }))
    report(
      `file : première page (100 demandes en attente sur ${first.value.total}) : ${fmt(first.ms)} (processeur ${fmt(cpuMs() - firstCpu)}, ${load()})`,
    )
    const pagesCpu = cpuMs()
    const pages = await latency(
      Array.from({ length: 20 }, (_, k) => k * 100),
      (offset) => listQueue(ctx, { states: ['pending'], offset, limit: 100 }),
    )
    report(
      `file : une page de 100, 20 pages : médiane ${fmt(pages.median)}, p95 ${fmt(pages.p95)} (processeur ${fmt((cpuMs() - pagesCpu) / pages.count)} par page)`,
    )
    const whole = await timed(() => listQueue(ctx, { offset: 0, limit: 100 }))
    report(`file : tous états, première page : ${fmt(whole.ms)}`)
    const name = all[0].family.slice(0, 6)
    const filtered = await timed(() =>
      listQueue(ctx, { kinds: ['vaccination.add'], family: name, offset: 0, limit: 100 }),
    )
    report(`file filtrée (type + début de n° de famille) : ${fmt(filtered.ms)}`)
    const counts = await timed(() => countPending(ctx))
    report(`compteurs par type (tableau de bord) : ${fmt(counts.ms)}`)
    const review = await latency(first.value.rows.slice(0, 50), (row) => readReview(ctx, row.id))
    report(`revue d’une demande : médiane ${fmt(review.median)}, p95 ${fmt(review.p95)}`)

    const plain = sqliteOf(backend.services)
      .prepare(
        "SELECT id FROM requests WHERE state = 'pending' AND kind IN ('responsable.update', 'fiscal.update', 'caf.update') ORDER BY submitted_at_utc LIMIT 1000",
      )
      .pluck()
      .all() as number[]
    const bulkCpu = cpuMs()
    const bulk = await timed(() => bulkValidate(ctx, plain))
    report(
      `validation groupée de ${plain.length} demandes : ${fmt(bulk.ms)} (${fmt(bulk.ms / plain.length)} par demande ; processeur ${fmt(cpuMs() - bulkCpu)}, ${load()}) — ${bulk.value.applied.length} appliquées, ${bulk.value.skipped.length} laissées de côté`,
    )
    const decidedCpu = cpuMs()
    const decided = await timed(() => listQueue(ctx, { states: ['decided'], offset: 0, limit: 100 }))
    report(
      `file : décidées, première page (sur ${decided.value.total}) : ${fmt(decided.ms)} (processeur ${fmt(cpuMs() - decidedCpu)})`,
    )
  },
}
