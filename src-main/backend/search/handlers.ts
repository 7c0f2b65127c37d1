import type { searchChannels } from '@shared/contract/search'
import type { HandlersOf } from '../ipc/handler-types'
import { searchChildren } from './children'
import { searchFamilies } from './families'

export const searchHandlers = {
  'families/search': (ctx, input) => searchFamilies(ctx, input),
  'children/search': (ctx, input) => searchChildren(ctx, input),
} satisfies HandlersOf<typeof searchChannels>
