import type { Envelope } from '@shared/errors'
import type { Transport } from './transport'

// Web mode only (npm run web, end-to-end tests): the host gives a token in
// the address (?token=…); it is kept for this tab and removed from the bar.
const TOKEN_KEY = 'marelle.token'
const SESSION_KEY = 'marelle.session'

function readToken(): string {
  const url = new URL(window.location.href)
  const fromUrl = url.searchParams.get('token')
  if (fromUrl) {
    sessionStorage.setItem(TOKEN_KEY, fromUrl)
    url.searchParams.delete('token')
    window.history.replaceState(null, '', url.toString())
  }
  return sessionStorage.getItem(TOKEN_KEY) ?? ''
}

function sessionId(): string {
  let id = sessionStorage.getItem(SESSION_KEY)
  if (!id) {
    id = crypto.randomUUID().replaceAll('-', '')
    sessionStorage.setItem(SESSION_KEY, id)
  }
  return id
}

const token = readToken()

export const transport: Transport = {
  async invoke(channel, input) {
    try {
      const response = await fetch(`/api/${channel}`, {
        method: 'POST',
        headers: {
          'Content-Type': 'application/json',
          'X-Marelle-Token': token,
          'X-Marelle-Session': sessionId(),
        },
        body: JSON.stringify(input ?? {}),
      })
      return (await response.json()) as Envelope<unknown>
    } catch {
      return {
        ok: false,
        error: { code: 'INTERNAL', message: 'Le serveur Marelle ne répond pas : vérifiez qu’il est lancé.' },
      }
    }
  },
}
