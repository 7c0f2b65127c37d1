import type { placesChannels } from '@shared/contract/places'
import type { HandlersOf } from '../ipc/handler-types'
import { communesOf } from './communes'

export const placesHandlers = {
  'places/communes': async (_ctx, { postalCode }) => communesOf(postalCode),
} satisfies HandlersOf<typeof placesChannels>
