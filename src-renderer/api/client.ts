import type { ChannelName, Input, Output } from '@shared/contract/index'
import type { AppErrorPayload, ErrorCode, FieldProblem } from '@shared/errors'
import { transport } from '@transport'

/** A refusal from the back-end, with its French message for staff. */
export class ApiError extends Error {
  readonly code: ErrorCode
  readonly fields: FieldProblem[]
  readonly details: unknown
  constructor(payload: AppErrorPayload) {
    super(payload.message)
    this.name = 'ApiError'
    this.code = payload.code
    this.fields = payload.fields ?? []
    this.details = payload.details
  }
}

/** Calls one channel; resolves with its typed output or rejects with an ApiError. */
export async function call<K extends ChannelName>(channel: K, input: Input<K>): Promise<Output<K>> {
  const envelope = await transport.invoke(channel, input)
  if (!envelope.ok) {
    if (envelope.error.code === 'UNAUTHENTICATED' && channel !== 'auth/login') onSessionLost?.()
    throw new ApiError(envelope.error)
  }
  return envelope.value as Output<K>
}

type Domain<K> = K extends `${infer D}/${string}` ? D : never

/** `api.staff.list({})` for `call('staff/list', {})`: the contract's channels, grouped by domain. */
export type Api = {
  [D in Domain<ChannelName>]: {
    [K in ChannelName as K extends `${D}/${infer V}` ? V : never]: (input: Input<K>) => Promise<Output<K>>
  }
}

export const api = new Proxy({} as Api, {
  get: (_target, domain: string) =>
    new Proxy(
      {},
      {
        get: (_t, verb: string) => (input: unknown) =>
          call(`${domain}/${verb}` as ChannelName, input as never),
      },
    ),
})

let onSessionLost: (() => void) | undefined
/** Lets the sign-in gate know when the back-end says the session is gone. */
export function setSessionLostHandler(handler: () => void): void {
  onSessionLost = handler
}
