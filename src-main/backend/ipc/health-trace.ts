import type { DB } from '@db/schema'
import type { HealthReads } from '@shared/contract/define'
import type { Kysely } from 'kysely'
import { writeAudit } from '../audit/service'
import type { Actor, Clock } from '../context'
import { inTransaction } from '../db/transaction'
import { chunks } from '../requests/chunks'

// The one place that writes the trace of a health read (CNIL: every look at
// a child's health data is recorded). The dispatcher calls it for every
// channel the contract marks as returning health data, the command line
// through the same dispatcher, and the CSV export for its files. See
// docs/donnees-de-sante.md.

export const HEALTH_VIEW_ACTION = 'child.health.view'
export const HEALTH_BULK_ACTION = 'health.bulk-view'

/**
 * `where`: what showed the data, in French ("la fiche de l'enfant", "l'export CSV"…);
 * `channel`: the channel that answered, kept as the source unless a command of the
 * command line asked (then "marelle family show"), for the access log.
 */
export async function traceHealthReads(
  db: Kysely<DB>,
  actor: Actor,
  clock: Clock,
  reads: HealthReads,
  where: string,
  channel?: string,
): Promise<void> {
  if (!reads) return
  const source = actor.command ?? channel ?? null
  if ('bulk' in reads) {
    if (reads.bulk.count === 0) return
    await inTransaction(db, (trx) =>
      writeAudit(trx, actor, clock, {
        action: HEALTH_BULK_ACTION,
        entityType: 'health',
        note: `Lecture groupée des données de santé (${where}) : ${reads.bulk.scope}, ${reads.bulk.count} ${reads.bulk.count > 1 ? 'éléments' : 'élément'}`,
        source,
      }),
    )
    return
  }
  const children = reads.children
  if (children.length === 0) return
  await inTransaction(db, async (trx) => {
    const missing = [...new Set(children.filter((c) => c.familyId == null).map((c) => c.childId))]
    const families = new Map<number, number>()
    for (const part of chunks(missing))
      for (const row of await trx
        .selectFrom('children')
        .select(['id', 'family_id'])
        .where('id', 'in', part)
        .execute())
        families.set(row.id, row.family_id)
    for (const child of children)
      await writeAudit(trx, actor, clock, {
        action: HEALTH_VIEW_ACTION,
        entityType: 'child',
        entityId: child.childId,
        familyId: child.familyId ?? families.get(child.childId) ?? null,
        childId: child.childId,
        requestId: child.requestId ?? null,
        note: `Consultation des données de santé (${where})`,
        source,
      })
  })
}
