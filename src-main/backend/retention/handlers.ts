import type { retentionChannels } from '@shared/contract/retention'
import { inTransaction } from '../db/transaction'
import type { HandlersOf } from '../ipc/handler-types'
import { requireJobs } from '../jobs/handlers'
import { applyPlan } from './apply'
import { createPlan, latestPlan } from './plan'
import { readRetentionSettings, saveRetentionSettings } from './settings'

export const retentionHandlers = {
  'retention/overview': async (ctx) => ({
    settings: await readRetentionSettings(ctx.db),
    latest: await latestPlan(ctx.db),
  }),
  'retention/plan': (ctx) => createPlan(ctx),
  'retention/apply': (ctx, input) => applyPlan(ctx, input.planId),
  'retention/startApply': async (ctx, input) => ({
    jobId: requireJobs(ctx).start('retention.apply', { planId: input.planId }, ctx.actor).id,
  }),
  'retention/updateSettings': async (ctx, input) => {
    await inTransaction(ctx.db, (trx) => saveRetentionSettings(trx, ctx.actor, ctx.clock, input))
    return readRetentionSettings(ctx.db)
  },
} satisfies HandlersOf<typeof retentionChannels>
