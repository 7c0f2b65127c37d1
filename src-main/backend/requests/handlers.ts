import type { requestChannels } from '@shared/contract/requests'
import type { HandlersOf } from '../ipc/handler-types'
import { requireJobs } from '../jobs/handlers'
import { bulkValidate } from './bulk'
import { createManualRequest } from './create'
import { decideRequest } from './decide'
import { exportDecisions } from './export'
import { countPending, listQueue } from './queue'
import { readReview, reviewOf } from './review'

export const requestHandlers = {
  'requests/import': async (ctx, input) => ({
    jobId: requireJobs(ctx).start(
      'requests.import',
      { text: input.text, fileName: input.fileName ?? null },
      ctx.actor,
    ).id,
  }),
  'requests/create': (ctx, input) => createManualRequest(ctx, input),
  'requests/list': (ctx, input) => listQueue(ctx, input),
  'requests/counts': (ctx) => countPending(ctx),
  'requests/get': (ctx, { id }) => readReview(ctx, id),
  'requests/decide': async (ctx, input) => reviewOf(ctx, await decideRequest(ctx, input)),
  'requests/bulkValidate': (ctx, { ids }) => bulkValidate(ctx, ids),
  'requests/exportDecisions': (ctx, { since }) => exportDecisions(ctx, since),
} satisfies HandlersOf<typeof requestChannels>
