import type { retentionChannels } from '@shared/contract/retention'
import { inTransaction } from '../db/transaction'
import type { HandlersOf } from '../ipc/handler-types'
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
  'retention/updateSettings': async (ctx, input) => {
    await inTransaction(ctx.db, (trx) => saveRetentionSettings(trx, ctx.actor, ctx.clock, input))
    return readRetentionSettings(ctx.db)
  },
} satisfies HandlersOf<typeof retentionChannels>
