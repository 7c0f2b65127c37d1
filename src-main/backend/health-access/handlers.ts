import type { healthAccessChannels } from '@shared/contract/health-access'
import type { HandlersOf } from '../ipc/handler-types'
import { exportHealthReads } from './export'
import { healthReaders, healthReads } from './query'

export const healthAccessHandlers = {
  'health-access/list': async (ctx, input) => {
    const { beforeId, limit, ...filters } = input
    // One row more than asked says whether another page follows.
    const rows = await healthReads(ctx.db, filters, { beforeId, limit: limit + 1 })
    const more = rows.length > limit
    const page = more ? rows.slice(0, limit) : rows
    return { rows: page, nextBeforeId: more ? page[page.length - 1].id : null }
  },
  'health-access/staff': (ctx) => healthReaders(ctx.db),
  'health-access/export': (ctx, input) => exportHealthReads(ctx, input),
} satisfies HandlersOf<typeof healthAccessChannels>
