import type { auditChannels } from '@shared/contract/audit'
import type { HandlersOf } from '../ipc/handler-types'
import { listAudit } from './read'

export const auditHandlers = {
  'audit/list': (ctx, input) => listAudit(ctx, input),
} satisfies HandlersOf<typeof auditChannels>
