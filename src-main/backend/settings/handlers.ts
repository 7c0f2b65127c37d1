import type { DB } from '@db/schema'
import type { AppSettings, settingsChannels } from '@shared/contract/settings'
import type { Kysely } from 'kysely'
import { inTransaction } from '../db/transaction'
import type { HandlersOf } from '../ipc/handler-types'
import { getSetting, setSetting } from './service'

async function readSettings(db: Kysely<DB>): Promise<AppSettings> {
  return {
    healthRoles: await getSetting(db, 'health.roles'),
    financeRoles: await getSetting(db, 'finance.roles'),
    retentionYears: await getSetting(db, 'retention.years'),
    lockMinutes: await getSetting(db, 'session.lockMinutes'),
  }
}

export const settingsHandlers = {
  'settings/get': (ctx) => readSettings(ctx.db),
  'settings/update': async (ctx, input) => {
    await inTransaction(ctx.db, async (trx) => {
      if (input.healthRoles)
        await setSetting(trx, ctx.actor, ctx.clock, 'health.roles', [...new Set(input.healthRoles)])
      if (input.financeRoles)
        await setSetting(trx, ctx.actor, ctx.clock, 'finance.roles', [...new Set(input.financeRoles)])
      if (input.retentionYears)
        await setSetting(trx, ctx.actor, ctx.clock, 'retention.years', input.retentionYears)
      if (input.lockMinutes)
        await setSetting(trx, ctx.actor, ctx.clock, 'session.lockMinutes', input.lockMinutes)
    })
    return readSettings(ctx.db)
  },
} satisfies HandlersOf<typeof settingsChannels>
