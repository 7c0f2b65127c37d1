import { type ChildProcess, spawn } from 'node:child_process'
import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { dirname, join } from 'node:path'
import { test as base, expect, type Page } from '@playwright/test'

export interface Host {
  url: string
  token: string
  origin: string
  dbPath: string
  dir: string
  /** Calls a channel of the contract over the web host, as the renderer does. */
  api(channel: string, input: unknown, session?: string): Promise<unknown>
  close(): Promise<void>
}

/**
 * Starts `npm run web`'s host on a new, empty database and waits for its
 * address; or on `existing`, a database file the caller owns (kept on close).
 */
export async function startHost(existing?: string): Promise<Host> {
  const dir = existing ? dirname(existing) : mkdtempSync(join(tmpdir(), 'marelle-e2e-'))
  const dbPath = existing ?? join(dir, 'marelle.db')
  const child: ChildProcess = spawn(
    process.execPath,
    ['--import', 'tsx', 'src-main/web-host/cli.ts', '--db', dbPath],
    { stdio: ['ignore', 'pipe', 'pipe'], env: { ...process.env } },
  )
  let output = ''
  const url = await new Promise<string>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`web host did not start:\n${output}`)), 30_000)
    const onData = (chunk: Buffer) => {
      output += chunk.toString()
      const match = /Marelle \(mode web\) : (http:\/\/\S+)/.exec(output)
      if (match) {
        clearTimeout(timer)
        resolve(match[1])
      }
    }
    child.stdout?.on('data', onData)
    child.stderr?.on('data', (c: Buffer) => {
      output += c.toString()
    })
    child.on('exit', (code) => reject(new Error(`web host exited with ${code}:\n${output}`)))
  })
  const parsed = new URL(url)
  const token = parsed.searchParams.get('token') ?? ''
  return {
    url,
    token,
    origin: parsed.origin,
    dbPath,
    dir,
    async api(channel, input, session = 'e2e-fixture-session-0001') {
      const response = await fetch(`${parsed.origin}/api/${channel}`, {
        method: 'POST',
        headers: {
          'Content-Type': 'application/json',
          'X-Marelle-Token': token,
          'X-Marelle-Session': session,
        },
        body: JSON.stringify(input),
      })
      const envelope = (await response.json()) as {
        ok: boolean
        value?: unknown
        error?: { message: string }
      }
      if (!envelope.ok) throw new Error(envelope.error?.message)
      return envelope.value
    },
    async close() {
      await stopProcess(child)
      if (!existing) rmSync(dir, { recursive: true, force: true })
    },
  }
}

export const ADMIN = { login: 'admin', displayName: 'Camille Admin', password: 'Marelle-2026!' }

/** Creates the first administrator through the API (for tests that start after first start). */
export async function createAdmin(host: Host): Promise<void> {
  await host.api('auth/setupAdmin', { ...ADMIN, passwordConfirm: ADMIN.password }, 'e2e-setup-session-0001')
}

export async function signIn(page: Page, host: Host, login = ADMIN.login, password = ADMIN.password) {
  await page.goto(host.url)
  await page.getByLabel('Identifiant').fill(login)
  await page.getByLabel('Mot de passe').fill(password)
  await page.getByRole('button', { name: 'Se connecter' }).click()
  await expect(page.getByRole('navigation', { name: 'Navigation principale' })).toBeVisible()
}

/** Fails the test on any console error or CSP violation in the page. */
export const test = base.extend<{ pageErrors: string[] }>({
  pageErrors: [
    async ({ page }, use) => {
      const errors: string[] = []
      page.on('console', (msg) => {
        if (msg.type() === 'error') errors.push(msg.text())
      })
      page.on('pageerror', (error) => errors.push(error.message))
      await use(errors)
      expect(errors, 'errors in the page console').toEqual([])
    },
    { auto: true },
  ],
})

export { expect }

export function screenshotPath(name: string): string {
  return join('test-results', 'screenshots', `${name}.png`)
}

/** Stops a host's process and waits until it is gone; at once when it has exited already (no 'exit' is coming). */
export async function stopProcess(child: ChildProcess | null): Promise<void> {
  if (!child || child.exitCode !== null || child.signalCode !== null) return
  const exited = new Promise((r) => child.once('exit', r))
  child.kill('SIGTERM')
  await exited
}
