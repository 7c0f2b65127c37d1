import { describe, expect, it, vi } from 'vitest'
import { isTrustedUrl, registerContract } from '../../src-main/shell/ipc'
import { CHANNEL_NAMES } from '../../src-shared/contract/index'

type Listener = (event: unknown, input: unknown) => Promise<unknown>

function fakeIpc() {
  const handlers = new Map<string, Listener>()
  return { handlers, ipc: { handle: (name: string, fn: Listener) => handlers.set(name, fn) } }
}

const sender = { id: 1, once: () => {} }
const event = (url: string, parent: unknown = null) => ({ sender, senderFrame: { url, parent } })

describe('IPC registration', () => {
  it('registers exactly the channels of the contract', () => {
    const { handlers, ipc } = fakeIpc()
    registerContract(ipc as never, vi.fn(), { devOrigin: null, sessionFor: () => ({ staffId: null }) })
    expect([...handlers.keys()].sort()).toEqual([...CHANNEL_NAMES].sort())
  })

  it('refuses a sender that is not the app, and never reaches the dispatcher', async () => {
    const { handlers, ipc } = fakeIpc()
    const dispatch = vi.fn(async () => ({ ok: true as const, value: 1 }))
    registerContract(ipc as never, dispatch, { devOrigin: null, sessionFor: () => ({ staffId: null }) })
    const status = handlers.get('auth/status')!
    for (const bad of [
      event('https://evil.example/'),
      event('file:///C:/Users/x/page.html'),
      event('app://other/index.html'),
      event('http://localhost:5173/'),
      event('app://marelle/index.html', { url: 'app://marelle/index.html' }), // an iframe
      { sender, senderFrame: null },
    ])
      expect(await status(bad, {})).toMatchObject({ ok: false, error: { code: 'BAD_SENDER' } })
    expect(dispatch).not.toHaveBeenCalled()
    expect(await status(event('app://marelle/index.html#/familles'), {})).toEqual({ ok: true, value: 1 })
    expect(dispatch).toHaveBeenCalledTimes(1)
  })

  it('trusts the dev server only when it is named', () => {
    expect(isTrustedUrl('http://localhost:5173/', null)).toBe(false)
    expect(isTrustedUrl('http://localhost:5173/', 'http://localhost:5173')).toBe(true)
    expect(isTrustedUrl('not a url', null)).toBe(false)
  })
})
