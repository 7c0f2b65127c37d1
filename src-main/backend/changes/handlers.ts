import type { changesChannels } from '@shared/contract/changes'
import type { HandlersOf } from '../ipc/handler-types'
import { changesSince } from './since'

export const changesHandlers = {
  'changes/since': (ctx, input) => changesSince(ctx, input.afterId),
} satisfies HandlersOf<typeof changesChannels>
