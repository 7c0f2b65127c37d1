import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { request } from 'node:http'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { startWebHost, type WebHost } from '../../src-main/web-host/server'
import { ADMIN_INPUT, silentLog } from '../helpers/backend'
import { createPostgresBackend, onPostgres } from '../helpers/pg-backend'

// Each refusal of the web host, over real HTTP: removing one of its checks
// makes one of these tests fail (the end-to-end helper always sends the
// right token, Host and Origin, so it cannot notice).

let dir: string
let host: WebHost
const SECRET = 'secret-hors-du-dossier'

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'marelle-web-'))
  const staticDir = join(dir, 'web')
  mkdirSync(join(staticDir, 'assets'), { recursive: true })
  writeFileSync(
    join(staticDir, 'index.html'),
    '<!doctype html><html><head></head><body>Marelle</body></html>',
  )
  writeFileSync(join(staticDir, 'assets', 'app.js'), 'console.log(1)')
  writeFileSync(join(dir, 'secret.txt'), SECRET)
  host = await startWebHost({
    databasePath: join(dir, 'marelle.db'),
    staticDir,
    log: silentLog,
    // Under scripts/pg-suite.mjs the host serves a server database, as `marelle-web --db postgres://…` does.
    started: onPostgres ? createPostgresBackend({ localDir: dir, log: silentLog }) : undefined,
  })
})
afterAll(async () => {
  await host.close()
  rmSync(dir, { recursive: true, force: true })
})

interface Reply {
  status: number
  body: string
  json(): { ok: boolean; error?: { code: string; message: string }; value?: unknown }
}

/** One raw HTTP request: every header as given (fetch would not let us set Host). */
function send(options: {
  method?: string
  path: string
  headers?: Record<string, string>
  body?: string | Buffer
}): Promise<Reply> {
  return new Promise((resolve, reject) => {
    const req = request(
      {
        host: '127.0.0.1',
        port: host.port,
        method: options.method ?? 'GET',
        path: options.path,
        headers: options.headers,
      },
      (res) => {
        const chunks: Buffer[] = []
        res.on('data', (c: Buffer) => chunks.push(c))
        res.on('end', () => {
          const body = Buffer.concat(chunks).toString('utf8')
          resolve({ status: res.statusCode ?? 0, body, json: () => JSON.parse(body) })
        })
      },
    )
    req.on('error', reject)
    if (options.body !== undefined) req.write(options.body)
    req.end()
  })
}

const good = (session: string, extra: Record<string, string> = {}) => ({
  Host: `127.0.0.1:${host.port}`,
  'Content-Type': 'application/json',
  'X-Marelle-Token': host.token,
  'X-Marelle-Session': session,
  ...extra,
})

const api = (channel: string, input: unknown, headers: Record<string, string>) =>
  send({ method: 'POST', path: `/api/${channel}`, headers, body: JSON.stringify(input) })

const ADMIN = 'session-administrateur-0001'
const AGENT = 'session-agent-00000000001'

describe('the web host over HTTP', () => {
  it('answers a well-formed call (the baseline the refusals differ from)', { timeout: 60_000 }, async () => {
    const reply = await api('auth/setupAdmin', ADMIN_INPUT, good(ADMIN))
    expect(reply.status).toBe(200)
    expect(reply.json().ok).toBe(true)
    await api(
      'staff/create',
      { login: 'agent', displayName: 'Agent', role: 'agent', password: 'Marelle-2026!' },
      good(ADMIN),
    )
    const login = await api('auth/login', { login: 'agent', password: 'Marelle-2026!' }, good(AGENT))
    expect(login.json().ok).toBe(true)
  })

  it('refuses a call without the token, or with a wrong one', async () => {
    const headers = good(ADMIN)
    const { 'X-Marelle-Token': _, ...without } = headers
    for (const h of [
      without,
      { ...headers, 'X-Marelle-Token': `${host.token}x` },
      { ...headers, 'X-Marelle-Token': '' },
    ]) {
      const reply = await api('system/info', {}, h)
      expect(reply.status).toBe(401)
      expect(reply.json().error).toEqual({
        code: 'UNAUTHENTICATED',
        message: 'Jeton de session web absent ou faux.',
      })
    }
  })

  it('refuses another Host (DNS rebinding), for the API and for the pages', async () => {
    for (const hostHeader of ['evil.example:80', `127.0.0.1.evil.example:${host.port}`, '127.0.0.1']) {
      const reply = await api('system/info', {}, good(ADMIN, { Host: hostHeader }))
      expect(reply.status).toBe(421)
      expect(reply.json().error?.message).toBe('Hôte refusé.')
      const page = await send({ path: '/', headers: { Host: hostHeader } })
      expect(page.status).toBe(421)
    }
    expect((await send({ path: '/', headers: { Host: `localhost:${host.port}` } })).status).toBe(200)
  })

  it('refuses a call from another Origin', async () => {
    for (const origin of ['http://evil.example', `https://127.0.0.1:${host.port}`, 'null']) {
      const reply = await api('system/info', {}, good(ADMIN, { Origin: origin }))
      expect(reply.status).toBe(403)
      expect(reply.json().error?.message).toBe('Origine refusée.')
    }
    const same = await api('system/info', {}, good(ADMIN, { Origin: `http://127.0.0.1:${host.port}` }))
    expect(same.status).toBe(200)
  })

  it('refuses a body that is not declared as JSON, and a missing session', async () => {
    expect((await api('system/info', {}, good(ADMIN, { 'Content-Type': 'text/plain' }))).status).toBe(415)
    const { 'X-Marelle-Session': _, ...noSession } = good(ADMIN)
    expect((await api('system/info', {}, noSession)).status).toBe(400)
  })

  it('refuses a signed-out caller or a role too low before reading a large body', async () => {
    const big = JSON.stringify({
      login: 'x',
      displayName: 'y'.repeat(200_000),
      role: 'agent',
      password: 'Marelle-2026!',
    })
    // Headers announce far more than is sent: an answer proves the body was not awaited.
    const announce = (session: string) => good(session, { 'Content-Length': String(big.length * 10) })
    const asAgent = await send({
      method: 'POST',
      path: '/api/staff/create',
      headers: announce(AGENT),
      body: big,
    })
    expect(asAgent.status).toBe(403)
    expect(asAgent.json().error?.code).toBe('FORBIDDEN')
    const signedOut = await send({
      method: 'POST',
      path: '/api/staff/create',
      headers: announce('session-inconnue-000001'),
      body: big,
    })
    expect(signedOut.status).toBe(401)
    expect(signedOut.json().error?.code).toBe('UNAUTHENTICATED')
  })

  it('refuses a body larger than the channel allows from its declared length', async () => {
    const reply = await send({
      method: 'POST',
      path: '/api/system/info',
      headers: good(ADMIN, { 'Content-Length': String(200 * 1024 * 1024) }),
      body: '{}',
    })
    expect(reply.status).toBe(413)
  })

  it('serves the pages, and never a file outside its folder', async () => {
    const home = await send({ path: '/', headers: { Host: `127.0.0.1:${host.port}` } })
    expect(home.status).toBe(200)
    expect(home.body).toContain('Marelle')
    expect((await send({ path: '/assets/app.js', headers: { Host: `127.0.0.1:${host.port}` } })).body).toBe(
      'console.log(1)',
    )
    for (const path of [
      '/../secret.txt',
      '/assets/../../secret.txt',
      '/%2e%2e/secret.txt',
      '/%2E%2E%2Fsecret.txt',
      '/assets/%2e%2e%2f%2e%2e%2fsecret.txt',
      '/..%5csecret.txt',
      '/%00/../secret.txt',
      `/${encodeURIComponent(join(dir, 'secret.txt'))}`,
    ]) {
      const reply = await send({ path, headers: { Host: `127.0.0.1:${host.port}` } })
      expect(reply.body, path).not.toContain(SECRET)
      expect([403, 404], path).toContain(reply.status)
    }
    const traversal = await send({
      path: '/assets/%2E%2E%2F%2E%2E%2Fsecret.txt',
      headers: { Host: `127.0.0.1:${host.port}` },
    })
    expect(traversal.status).toBe(403)
  })
})
