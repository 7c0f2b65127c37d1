import type { vaccineChannels } from '@shared/contract/vaccines'
import { vaccineProducts } from '../children/vaccine-products'
import type { HandlersOf } from '../ipc/handler-types'

export const vaccineHandlers = {
  'vaccines/catalogue': async (ctx) =>
    (await vaccineProducts(ctx.db)).map((p) => ({ name: p.name, diseases: p.diseases })),
} satisfies HandlersOf<typeof vaccineChannels>
