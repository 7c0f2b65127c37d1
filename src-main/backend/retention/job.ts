import type { RetentionApplied } from '@shared/contract/retention'
import type { JobRunner } from '../jobs/types'
import { applyPlan } from './apply'

/**
 * « Appliquer le plan » from the window: in a worker thread with its own
 * connection (jobs/), so that the window stays responsive while a city's
 * database is anonymised and rewritten (VACUUM). Not cancellable: the one
 * transaction is short next to the backup and the rewrite around it.
 */
export const retentionApplyJob: JobRunner<{ planId: number }, RetentionApplied> = (ctx, params) =>
  applyPlan(ctx, params.planId, (phase) => ctx.progress({ phase, done: 0, total: null }))
