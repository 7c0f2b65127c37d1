import type { MarelleBridge } from '@shared/contract/bridge'
import type { ChannelName } from '@shared/contract/index'
import type { Transport } from './transport'

declare global {
  interface Window {
    marelle?: MarelleBridge
  }
}

export const transport: Transport = {
  invoke(channel, input) {
    const call = window.marelle?.[channel as ChannelName]
    if (!call)
      return Promise.resolve({
        ok: false,
        error: { code: 'NOT_FOUND', message: `Action inconnue dans cette version : ${channel}.` },
      })
    return call(input)
  },
}
