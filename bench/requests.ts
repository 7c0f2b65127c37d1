import { join } from 'node:path'
import type { Database } from 'better-sqlite3'
import { commandLineActor } from '../src-main/backend/auth/actor'
import { startBackend } from '../src-main/backend/bootstrap'
import type { StaffContext } from '../src-main/backend/context'
import { bulkValidate } from '../src-main/backend/requests/bulk'
import { importRequests } from '../src-main/backend/requests/intake'
import { countPending, listQueue } from '../src-main/backend/requests/queue'
import { readReview } from '../src-main/backend/requests/review'
import { type BenchSuite, fmt, latency, tempDir, timed } from './harness'

// The request queue at a large city's scale: 50,000 portal requests taken
// in over 100,000 families, the queue's first page, one request's review,
// and 1,000 requests validated in bulk. The demo generator (`demo
// --families N`) is not in main yet: families are bare inserts here.

const FAMILIES = 100_000
const REQUESTS = 50_000
const log = { info: () => {}, warn: () => {}, error: () => {} }

const familyNumber = (i: number) => String(100_000_000_000 + i)
const childIdentifier = (i: number) => String(200_000_000_000 + i)

function insertFamilies(sqlite: Database): void {
  const now = new Date().toISOString()
  const family = sqlite.prepare(
    'INSERT INTO families (id, number, created_at, updated_at) VALUES (?, ?, ?, ?)',
  )
  const guardian = sqlite.prepare(
    "INSERT INTO guardians (family_id, role, civility, last_name, first_name, city, postal_code, created_at, updated_at) VALUES (?, 'responsable', 'madame', ?, ?, 'BIVIERS', '38330', ?, ?)",
  )
  const child = sqlite.prepare(
    'INSERT INTO children (id, family_id, identifier, last_name, first_name, created_at, updated_at) VALUES (?, ?, ?, ?, ?, ?, ?)',
  )
  sqlite.transaction(() => {
    for (let i = 1; i <= FAMILIES; i++) {
      family.run(i, familyNumber(i), now, now)
      guardian.run(i, `NOM${i}`, `Prénom${i}`, now, now)
      child.run(i, i, childIdentifier(i), `NOM${i}`, 'Enfant', now, now)
    }
  })()
}

/** A mix like a portal's day: mostly contact changes, some CAF/fiscal, persons, health, agenda. */
function requestLine(n: number): string {
  const i = 1 + ((n * 7919) % FAMILIES)
  const base = {
    ref: `P-BENCH-${String(n).padStart(6, '0')}`,
    submitted_at: new Date(Date.UTC(2026, 0, 1) + n * 60_000).toISOString().replace('Z', '+00:00'),
    family: familyNumber(i),
  }
  const child = { ...base, child: childIdentifier(i) }
  switch (n % 10) {
    case 0:
    case 1:
    case 2:
      return JSON.stringify({
        ...base,
        kind: 'responsable.update',
        seen: { email: '' },
        payload: { email: `famille${i}@exemple.fr`, mobile: `06${String(10_000_000 + n).slice(-8)}` },
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
    const tmp = tempDir('requests')
    const backend = startBackend({ databasePath: join(tmp.dir, 'marelle.db'), log })
    try {
      const ctx: StaffContext = {
        ...backend.services,
        session: { staffId: null },
        actor: commandLineActor('bench'),
      }
      const families = await timed(() => insertFamilies(backend.services.sqlite))
      report(`${FAMILIES.toLocaleString('fr-FR')} familles (insertions directes) : ${fmt(families.ms)}`)

      const text = `${Array.from({ length: REQUESTS }, (_, n) => requestLine(n)).join('\n')}\n`
      const intake = await timed(() => importRequests(ctx, text, 'bench.jsonl'))
      report(
        `import de ${REQUESTS.toLocaleString('fr-FR')} demandes (${(text.length / 1024 / 1024).toFixed(1)} Mo, une transaction) : ${fmt(intake.ms)} — ${intake.value.imported} importées, ${intake.value.errors.length} erreurs`,
      )
      const again = await timed(() => importRequests(ctx, text, 'bench.jsonl'))
      report(
        `même fichier réimporté (tout déjà connu) : ${fmt(again.ms)} — ${again.value.duplicates} doublons`,
      )

      const first = await timed(() => listQueue(ctx, { states: ['pending'], offset: 0, limit: 100 }))
      report(`file : première page (100 demandes en attente sur ${first.value.total}) : ${fmt(first.ms)}`)
      const pages = await latency(
        Array.from({ length: 20 }, (_, k) => k * 100),
        (offset) => listQueue(ctx, { states: ['pending'], offset, limit: 100 }),
      )
      report(`file : une page de 100, 20 pages : médiane ${fmt(pages.median)}, p95 ${fmt(pages.p95)}`)
      const all = await timed(() => listQueue(ctx, { offset: 0, limit: 100 }))
      report(`file : toutes les demandes, première page : ${fmt(all.ms)}`)
      const byKind = await timed(() =>
        listQueue(ctx, { kinds: ['vaccination.add'], family: 'NOM12', offset: 0, limit: 100 }),
      )
      report(`file filtrée (type + nom de famille) : ${fmt(byKind.ms)}`)
      const counts = await timed(() => countPending(ctx))
      report(`compteurs par type (tableau de bord) : ${fmt(counts.ms)}`)
      const review = await latency(first.value.rows.slice(0, 50), (row) => readReview(ctx, row.id))
      report(`revue d’une demande : médiane ${fmt(review.median)}, p95 ${fmt(review.p95)}`)

      const plain = backend.services.sqlite
        .prepare(
          "SELECT id FROM requests WHERE state = 'pending' AND kind IN ('responsable.update', 'fiscal.update', 'caf.update') ORDER BY submitted_at_utc LIMIT 1000",
        )
        .pluck()
        .all() as number[]
      const bulk = await timed(() => bulkValidate(ctx, plain))
      report(
        `validation groupée de ${plain.length} demandes : ${fmt(bulk.ms)} (${fmt(bulk.ms / plain.length)} par demande) — ${bulk.value.applied.length} appliquées, ${bulk.value.skipped.length} laissées de côté`,
      )
    } finally {
      await backend.close()
      tmp.dispose()
    }
  },
}
