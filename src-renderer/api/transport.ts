import type { Envelope } from '@shared/errors'

/** How the renderer reaches the back-end: Electron's bridge, or the web host in tests. */
export interface Transport {
  invoke(channel: string, input: unknown): Promise<Envelope<unknown>>
}
