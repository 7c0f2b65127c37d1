import type { BulkSummary } from '@shared/contract/requests'
import { sql } from 'kysely'
import type { StaffContext } from '../context'
import { inTransaction } from '../db/transaction'
import { AppError } from '../errors'
import { agendaBulkObstacle } from './agenda-bulk'
import { type Assessment, assessAll, type RequestRecord, specOf } from './assess'
import { chunks } from './chunks'
import { decideWithin } from './decide'
import { addWrites, flushWrites, noWrites } from './decision-writes'
import { familyGreetings } from './family-name'

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

/**
 * Requests decided per transaction: short enough to leave the database to
 * the other staff in between (a batch holds the write lock for about a
 * quarter of a second on a city's database, well under the 5 s other
 * connections wait), long enough that the commits' disk syncs stay a small
 * part of the work (docs/architecture.md, figures).
 */
const BATCH = 250

/** The family or child a request changes: a later request on it must be assessed after the earlier one is applied. */
const touches = (r: RequestRecord) => (r.child_id === null ? `f${r.family_id}` : `c${r.child_id}`)

/** Requests that may change the guardian a reply greets (the responsable): its greeting is read again after them. */
const GUARDIAN_TARGETS = new Set(['responsable', 'conjoint'])

/**
 * Validates many requests as they are. Each request is its own decision,
 * for its own family: one that fails (a value refused by the files' rules)
 * is rolled back to its savepoint and does not undo the others. Requests go
 * by batches, one transaction each, assessed together (a few queries per
 * batch); a request whose family or child an earlier one of the batch
 * changed is assessed again, after that change. The checks run inside the
 * transaction; a request that needs a person's eye is skipped with the reason.
 * What no later request of the batch reads (the lines' outcomes, the
 * replies) is gathered and written at the end of the batch, in its
 * transaction; a request rolled back to its savepoint adds nothing to it.
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
      // The lines' outcomes and the replies of the requests validated, written once at the end.
      const writes = noWrites()
      // The replies' greetings, read for the whole batch; a family whose guardians a request
      // of the batch changes is read again by the decision (decide.ts).
      const greetings = await familyGreetings(
        trx,
        rows.map((r) => r.family_id),
      )
      const greeting = (a: Assessment) =>
        GUARDIAN_TARGETS.has(a.spec.target) ? undefined : greetings.get(a.request.family_id)
      for (const id of batch) {
        const request = byId.get(id)
        if (!request) {
          summary.skipped.push({ id, ref: `n° ${id}`, reason: 'demande introuvable' })
          continue
        }
        const fresh = touched.has(touches(request)) ? undefined : assessed.get(id)
        // Assessed again: it must read what the batch has decided so far (states, outcomes).
        if (fresh === undefined) await flushWrites(trx, writes)
        const own = noWrites()
        await sql`SAVEPOINT bulk_request`.execute(trx)
        try {
          await decideWithin(
            trx,
            ctx,
            request,
            { id, version: request.version, action: 'decide', outcomes: [] },
            { acceptAll: true, guard: bulkObstacle, greeting, writes: own },
            fresh,
          )
          await sql`RELEASE SAVEPOINT bulk_request`.execute(trx)
          addWrites(writes, own)
          summary.applied.push({ id, ref: request.ref })
          touched.add(touches(request))
          if (GUARDIAN_TARGETS.has(specOf(request).target)) greetings.delete(request.family_id)
        } catch (error) {
          // Anything but a refusal (a full disk…) ends the whole batch: the transaction rolls back.
          if (!(error instanceof AppError)) throw error
          await sql`ROLLBACK TO SAVEPOINT bulk_request`.execute(trx)
          await sql`RELEASE SAVEPOINT bulk_request`.execute(trx)
          summary.skipped.push({ id, ref: request.ref, reason: error.message })
        }
      }
      await flushWrites(trx, writes)
    })
  return summary
}
