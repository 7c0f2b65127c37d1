import { randomBytes, timingSafeEqual } from 'node:crypto'
import { readFile } from 'node:fs/promises'
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http'
import type { AddressInfo } from 'node:net'
import { contract, isChannelName } from '@shared/contract/index'
import type { Envelope } from '@shared/errors'
import { hasRole } from '@shared/roles'
import { loadActor } from '../backend/auth/actor'
import type { Backend } from '../backend/bootstrap'
import type { Session } from '../backend/context'
import { type GatedBackend, type KeyedBackendOptions, startKeyedBackend } from '../backend/encryption/unlock'
import { injectNonce, newNonce, securityHeaders } from '../renderer-serving/csp'
import { contentType, resolveStaticPath } from '../renderer-serving/static-path'

// Development and test host: serves the renderer built for the web and the
// same handler map as Electron's IPC, over HTTP on 127.0.0.1 only. Every API
// call must carry the per-run token; the desktop build never includes this.

export interface WebHostOptions extends KeyedBackendOptions {
  staticDir: string
  port?: number
  /** A back-end already started (server mode: bootstrap.ts startServerBackend); the host closes it. */
  started?: Backend
}

/** A back-end that is open from the start (server mode has no key to wait for). */
function openGate(backend: Backend): GatedBackend {
  return {
    dispatch: backend.dispatch,
    current: () => backend,
    lockState: () => ({ locked: false, reason: null }),
    opened: Promise.resolve(backend),
    close: () => backend.close(),
  }
}

export interface WebHost {
  url: string
  token: string
  port: number
  /** The open back-end (throws while an encrypted database waits for its recovery key). */
  readonly backend: Backend
  close(): Promise<void>
}

const SESSION_ID = /^[A-Za-z0-9_-]{16,128}$/
/** Hard ceiling on a request body, whatever the channel allows. */
const MAX_BODY_BYTES = 64 * 1024 * 1024

function sameSecret(a: string, b: string): boolean {
  const x = Buffer.from(a)
  const y = Buffer.from(b)
  return x.length === y.length && timingSafeEqual(x, y)
}

function sendJson(res: ServerResponse, status: number, body: Envelope<unknown>): void {
  const text = JSON.stringify(body)
  res.writeHead(status, {
    ...securityHeaders(null),
    'Content-Type': 'application/json; charset=utf-8',
    'Cache-Control': 'no-store',
  })
  res.end(text)
}

function refuse(res: ServerResponse, status: number, message: string): void {
  const code = status === 413 ? 'TOO_LARGE' : status === 401 ? 'UNAUTHENTICATED' : 'BAD_SENDER'
  sendJson(res, status, { ok: false, error: { code, message } })
}

async function readBody(req: IncomingMessage, limit: number): Promise<Buffer | null> {
  const chunks: Buffer[] = []
  let size = 0
  for await (const chunk of req) {
    size += (chunk as Buffer).length
    if (size > limit) return null
    chunks.push(chunk as Buffer)
  }
  return Buffer.concat(chunks)
}

/** Answers without reading the body, and closes the connection so that the rest of it is never received. */
function refuseUnread(
  req: IncomingMessage,
  res: ServerResponse,
  status: number,
  code: 'UNAUTHENTICATED' | 'FORBIDDEN' | 'TOO_LARGE',
  message: string,
): void {
  res.setHeader('Connection', 'close')
  sendJson(res, status, { ok: false, error: { code, message } })
  res.once('finish', () => req.socket.destroySoon?.())
}

export async function startWebHost(options: WebHostOptions): Promise<WebHost> {
  const gate = options.started ? openGate(options.started) : startKeyedBackend(options)

  /** The dispatcher's own refusal of a signed-out caller or a role too low, from the session alone. */
  async function accessRefusal(
    name: string,
    session: Session,
  ): Promise<{ status: number; code: 'UNAUTHENTICATED' | 'FORBIDDEN'; message: string } | null> {
    if (!isChannelName(name)) return null
    const access = contract[name].access
    if (access === 'public') return null
    const backend = gate.current()
    // Locked until the recovery key is typed: the gate refuses every other channel itself.
    if (!backend) return null
    const actor = session.staffId === null ? null : await loadActor(backend.services.db, session.staffId)
    if (!actor)
      return { status: 401, code: 'UNAUTHENTICATED', message: 'Votre session a expiré : reconnectez-vous.' }
    if (!hasRole(actor.role, access))
      return { status: 403, code: 'FORBIDDEN', message: 'Votre rôle ne permet pas cette action.' }
    return null
  }
  const token = randomBytes(24).toString('base64url')
  const sessions = new Map<string, Session>()
  let port = 0

  const allowedHosts = () => [`127.0.0.1:${port}`, `localhost:${port}`]

  async function serveStatic(req: IncomingMessage, res: ServerResponse, pathname: string): Promise<void> {
    const file = resolveStaticPath(options.staticDir, pathname)
    if (!file) return refuse(res, 403, 'Chemin refusé.')
    let data: Buffer
    try {
      data = await readFile(file)
    } catch {
      res.writeHead(404, { 'Content-Type': 'text/plain; charset=utf-8' })
      res.end('Introuvable')
      return
    }
    const isPage = file.endsWith('.html')
    const nonce = isPage ? newNonce() : null
    const body = nonce ? Buffer.from(injectNonce(data.toString('utf8'), nonce)) : data
    res.writeHead(200, {
      ...securityHeaders(nonce),
      'Content-Type': contentType(file),
      'Cache-Control': isPage ? 'no-store' : 'max-age=3600',
    })
    res.end(req.method === 'HEAD' ? undefined : body)
  }

  async function serveApi(req: IncomingMessage, res: ServerResponse, name: string): Promise<void> {
    const given = req.headers['x-marelle-token']
    if (typeof given !== 'string' || !sameSecret(given, token))
      return refuse(res, 401, 'Jeton de session web absent ou faux.')
    const origin = req.headers.origin
    if (origin && !allowedHosts().some((h) => origin === `http://${h}`))
      return refuse(res, 403, 'Origine refusée.')
    if (!(req.headers['content-type'] ?? '').startsWith('application/json'))
      return refuse(res, 415 as never, 'Type de contenu attendu : application/json.')
    const sessionId = req.headers['x-marelle-session']
    if (typeof sessionId !== 'string' || !SESSION_ID.test(sessionId))
      return refuse(res, 400, 'Session absente.')
    const limit = isChannelName(name) ? Math.min(MAX_BODY_BYTES, contract[name].maxBytes * 2 + 1024) : 1024
    let session = sessions.get(sessionId)
    if (!session) {
      session = { staffId: null }
      sessions.set(sessionId, session)
    }
    // Everything that can be decided from the headers is decided before a
    // byte of the body is read: a caller without the right role cannot make
    // the host buffer 64 MB (the dispatcher checks the role again).
    const early = await accessRefusal(name, session)
    if (early) return refuseUnread(req, res, early.status, early.code, early.message)
    if (Number(req.headers['content-length'] ?? 0) > limit)
      return refuseUnread(req, res, 413, 'TOO_LARGE', 'Les données envoyées dépassent la taille permise.')
    const body = await readBody(req, limit)
    if (!body) return refuse(res, 413, 'Les données envoyées dépassent la taille permise.')
    let input: unknown
    try {
      input = body.length === 0 ? {} : JSON.parse(body.toString('utf8'))
    } catch {
      return refuse(res, 400, 'Corps de requête illisible (JSON attendu).')
    }
    sendJson(res, 200, await gate.dispatch(name, input, session))
  }

  const server = createServer((req, res) => {
    const host = req.headers.host ?? ''
    if (!allowedHosts().includes(host)) return refuse(res, 421 as never, 'Hôte refusé.')
    const url = new URL(req.url ?? '/', `http://${host}`)
    const handle =
      url.pathname.startsWith('/api/') && req.method === 'POST'
        ? serveApi(req, res, url.pathname.slice('/api/'.length))
        : req.method === 'GET' || req.method === 'HEAD'
          ? serveStatic(req, res, url.pathname)
          : Promise.resolve(refuse(res, 405 as never, 'Méthode refusée.'))
    handle.catch((error) => {
      options.log.error('Web host request failed', error)
      if (!res.headersSent) refuse(res, 500 as never, 'Erreur interne du serveur web.')
      else res.end()
    })
  })

  await new Promise<void>((resolvePromise, reject) => {
    server.once('error', reject)
    server.listen(options.port ?? 0, '127.0.0.1', () => resolvePromise())
  })
  port = (server.address() as AddressInfo).port
  const url = `http://127.0.0.1:${port}/?token=${token}`
  return {
    url,
    token,
    port,
    get backend() {
      const backend = gate.current()
      if (!backend) throw new Error('The database waits for its recovery key')
      return backend
    },
    async close() {
      const closed = new Promise<void>((r) => server.close(() => r()))
      // The browser's keep-alive connections would hold close() for as long as it keeps them
      // (a minute in Chromium): they are cut at once, a request in flight with them.
      server.closeAllConnections?.()
      await closed
      await gate.close()
    },
  }
}
