import type { Insertable } from 'kysely'
import type { AuditLogTable } from '../db/schema'
import { auditRow, writeAuditRows } from '../src-main/backend/audit/service'
import { changesSince } from '../src-main/backend/changes/since'
import { inTransaction } from '../src-main/backend/db/transaction'
import { HEALTH_VIEW_ACTION } from '../src-main/backend/ipc/health-trace'
import { sqliteOf } from '../tests/helpers/sqlite'
import { cityDatabase } from './demo'
import { type BenchSuite, cpuMs, fmt, latency, load } from './harness'

// What one window's poll of 'changes/since' costs (docs/architecture.md,
// « Les autres postes voient les changements »), every 3 s per open window,
// on the 100,000-family demo: nothing new, a few changes, past the cap, and
// changes among many health reads (rows read and skipped).

const ROUNDS = 200
const HISTORY = 500_000

export const changesSuite: BenchSuite = {
  name: 'changes',
  async run(report) {
    const { backend, ctx } = await cityDatabase()
    const sqlite = sqliteOf(backend.services)
    const families = sqlite
      .prepare('SELECT id FROM families ORDER BY id LIMIT 3000')
      .pluck()
      .all() as number[]
    const guardians = sqlite
      .prepare(
        "SELECT id, family_id, version FROM guardians WHERE role = 'responsable' ORDER BY id LIMIT 3000",
      )
      .all() as { id: number; family_id: number; version: number }[]
    const lastId = () => sqlite.prepare('SELECT max(id) FROM audit_log').pluck().get() as number
    report(`journal d’audit : ${lastId().toLocaleString('fr-FR')} entrées`)
    const write = (rows: Insertable<AuditLogTable>[]) =>
      inTransaction(ctx.db, (trx) => writeAuditRows(trx, rows))
    const guardianChange = (i: number) => {
      const g = guardians[i % guardians.length]
      return auditRow(ctx.actor, ctx.clock, {
        action: 'guardian.update',
        entityType: 'guardian',
        entityId: g.id,
        entityVersion: g.version + 1,
        familyId: g.family_id,
        changes: [{ field: 'ville', label: 'Ville', before: 'A', after: 'B' }],
      })
    }
    const healthRead = (i: number) =>
      auditRow(ctx.actor, ctx.clock, {
        action: HEALTH_VIEW_ACTION,
        entityType: 'child',
        familyId: families[i % families.length],
        note: 'fiche de l’enfant',
      })

    const measure = async (label: string, afterId: number) => {
      const answer = await changesSince(ctx, afterId)
      const cpu = cpuMs()
      const times = await latency(Array.from({ length: ROUNDS }), () => changesSince(ctx, afterId))
      const perCall = (cpuMs() - cpu) / ROUNDS
      report(
        `${label} : ${answer.refreshAll ? 'tout recharger' : `${answer.changes.length} changement(s)`}, médiane ${fmt(times.median)}, p95 ${fmt(times.p95)}, processeur ${fmt(perCall)} par appel (${load()})`,
      )
    }

    // A city's log after its first CSV import and a few years: the range read does not depend on it.
    for (let from = 0; from < HISTORY; from += 10_000)
      await write(Array.from({ length: 10_000 }, (_, i) => guardianChange(from + i)))
    report(`avec un historique de ${HISTORY.toLocaleString('fr-FR')} entrées écrites avant`)
    const start = lastId()
    await measure('rien de nouveau', start)
    await write(Array.from({ length: 50 }, (_, i) => guardianChange(i)))
    await measure('50 changements', start)
    const beforeReads = lastId()
    await write(Array.from({ length: 3000 }, (_, i) => (i % 60 === 0 ? guardianChange(i) : healthRead(i))))
    await measure('3 000 entrées dont 50 changements (le reste : lectures de santé, ignorées)', beforeReads)
    const beforeMany = lastId()
    await write(Array.from({ length: 3000 }, (_, i) => guardianChange(i)))
    await measure('3 000 changements (au-delà du plafond de 200)', beforeMany)
  },
}
