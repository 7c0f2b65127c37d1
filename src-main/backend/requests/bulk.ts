import type { BulkSummary } from '@shared/contract/requests'
import { sql } from 'kysely'
import type { StaffContext } from '../context'
import { inTransaction } from '../db/transaction'
import { AppError } from '../errors'
import { agendaBulkObstacle } from './agenda-bulk'
import { type Assessment, assessAll, type RequestRecord } from './assess'
import { chunks } from './chunks'
import { decideWithin } from './decide'

/** Why a request cannot be validated without a person looking at it; null when it can. */
export function bulkObstacle(a: Assessment): string | null {
  // Reservations and absences: every date on time and with room (agenda-bulk.ts).
  const agenda = agendaBulkObstacle(a)
  if (agenda) return agenda
  if (a.target.notApplicable) return `ne s’applique plus : ${a.target.notApplicable}`
  if (a.request.needs_review === 1)
    return 'à vérifier par une personne (coordonnées bancaires, personnes autorisées ou santé)'
  if (a.conflict) return 'conflit : la valeur actuelle diffère de celle que la famille voyait'
  const superseded = a.lines.find((l) => l.supersededBy)?.supersededBy
  if (superseded) return `une demande plus récente (${superseded}) change aussi ces informations`
  return null
}

/** Requests decided per transaction: short enough to leave the database to the other staff in between. */
const BATCH = 100

/** The family or child a request changes: a later request on it must be assessed after the earlier one is applied. */
const touches = (r: RequestRecord) => (r.child_id === null ? `f${r.family_id}` : `c${r.child_id}`)

/**
 * Validates many requests as they are. Each request is its own decision,
 * for its own family: one that fails (a value refused by the files' rules)
 * is rolled back to its savepoint and does not undo the others. Requests go
 * by batches, one transaction each, assessed together (a few queries per
 * batch); a request whose family or child an earlier one of the batch
 * changed is assessed again, after that change. The checks run inside the
 * transaction; a request that needs a person's eye is skipped with the reason.
 */
export async function bulkValidate(ctx: StaffContext, ids: number[]): Promise<BulkSummary> {
  const summary: BulkSummary = { applied: [], skipped: [] }
  for (const batch of chunks([...new Set(ids)], BATCH))
    await inTransaction(ctx.db, async (trx) => {
      const rows = await trx.selectFrom('requests').selectAll().where('id', 'in', batch).execute()
      const byId = new Map(rows.map((r) => [r.id, r]))
      const now = ctx.clock.now()
      // Agenda dates are checked as they are applied (agenda-bulk.ts): not assessed beforehand.
      const assessed = new Map(
        (await assessAll(trx, rows, now, { agendaDays: false })).map((a) => [a.request.id, a]),
      )
      const touched = new Set<string>()
      for (const id of batch) {
        const request = byId.get(id)
        if (!request) {
          summary.skipped.push({ id, ref: `n° ${id}`, reason: 'demande introuvable' })
          continue
        }
        const fresh = touched.has(touches(request)) ? undefined : assessed.get(id)
        await sql`SAVEPOINT bulk_request`.execute(trx)
        try {
          await decideWithin(
            trx,
            ctx,
            request,
            { id, version: request.version, action: 'decide', outcomes: [] },
            { acceptAll: true, guard: bulkObstacle },
            fresh,
          )
          await sql`RELEASE SAVEPOINT bulk_request`.execute(trx)
          summary.applied.push({ id, ref: request.ref })
          touched.add(touches(request))
        } catch (error) {
          // Anything but a refusal (a full disk…) ends the whole batch: the transaction rolls back.
          if (!(error instanceof AppError)) throw error
          await sql`ROLLBACK TO SAVEPOINT bulk_request`.execute(trx)
          await sql`RELEASE SAVEPOINT bulk_request`.execute(trx)
          summary.skipped.push({ id, ref: request.ref, reason: error.message })
        }
      }
    })
  return summary
}
