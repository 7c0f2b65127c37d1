import type { BulkSummary } from '@shared/contract/requests'
import type { StaffContext } from '../context'
import { AppError } from '../errors'
import type { Assessment } from './assess'
import { decideRequest } from './decide'

/** Why a request cannot be validated without a person looking at it; null when it can. */
export function bulkObstacle(a: Assessment): string | null {
  if (a.blocked) return 'réservation ou absence : le module calendrier n’existe pas encore'
  if (a.target.notApplicable) return `ne s’applique plus : ${a.target.notApplicable}`
  if (a.request.needs_review === 1)
    return 'à vérifier par une personne (coordonnées bancaires, personnes autorisées ou santé)'
  if (a.conflict) return 'conflit : la valeur actuelle diffère de celle que la famille voyait'
  const superseded = a.lines.find((l) => l.supersededBy)?.supersededBy
  if (superseded) return `une demande plus récente (${superseded}) change aussi ces informations`
  return null
}

/**
 * Validates many requests as they are, each in its own transaction: one
 * request that fails (a value refused by the files' rules) must not undo the
 * others, which are separate decisions for separate families, and short
 * transactions leave the database to the other staff in between. The
 * checks run inside each transaction; a request that needs a person's eye
 * is skipped with the reason.
 */
export async function bulkValidate(ctx: StaffContext, ids: number[]): Promise<BulkSummary> {
  const summary: BulkSummary = { applied: [], skipped: [] }
  for (const id of [...new Set(ids)]) {
    const row = await ctx.db
      .selectFrom('requests')
      .select(['ref', 'version'])
      .where('id', '=', id)
      .executeTakeFirst()
    if (!row) {
      summary.skipped.push({ id, ref: `n° ${id}`, reason: 'demande introuvable' })
      continue
    }
    try {
      await decideRequest(
        ctx,
        { id, version: row.version, action: 'decide', outcomes: [] },
        { acceptAll: true, guard: bulkObstacle },
      )
      summary.applied.push({ id, ref: row.ref })
    } catch (error) {
      if (!(error instanceof AppError)) throw error
      summary.skipped.push({ id, ref: row.ref, reason: error.message })
    }
  }
  return summary
}
