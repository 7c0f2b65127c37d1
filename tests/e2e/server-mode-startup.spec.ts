import { type ChildProcess, spawn } from 'node:child_process'
import { existsSync, mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { ADMIN, expect, screenshotPath, test } from './host'

// The desktop's start-up screen (README, « Au démarrage du poste »), in
// Chromium: the back-end the Electron shell starts (server/startup.ts) behind
// the web host, on a desktop whose marelle-serveur.json names a server that
// does not answer (port 1 of this machine: no PostgreSQL needed). The screen
// says so in French, tries again, refuses a wrong administrator's password
// and lets the right one bring the desktop back to its local file, signed in.

/**
 * The host, in a process of its own run through tsx (as `npm run web`): a local
 * file with the administrator, the setting, the desktop's gate, and the web host
 * answering every call with the gate as Electron's IPC does (it reads the
 * sessions' staff from the local file; the gate refuses all but its three channels).
 */
const HOST = `
const { join, resolve } = await import('node:path')
const { startBackend } = await import('./src-main/backend/bootstrap.ts')
const { startKeyedBackend } = await import('./src-main/backend/encryption/unlock.ts')
const { SETTING_FILE_NAME, writeSettingFile } = await import('./src-main/backend/server/setting-file.ts')
const { startDesktopBackend } = await import('./src-main/backend/server/startup.ts')
const { startWebHost } = await import('./src-main/web-host/server.ts')
const log = { info: () => {}, warn: () => {}, error: (...m) => console.error(...m) }
const dir = process.env.STARTUP_DIR
const databasePath = join(dir, 'marelle.db')
const seed = startBackend({ databasePath, log })
const admin = JSON.parse(process.env.STARTUP_ADMIN)
const setup = await seed.dispatch('auth/setupAdmin', { ...admin, passwordConfirm: admin.password }, { staffId: null })
if (!setup.ok) throw new Error(setup.error.message)
await seed.close()
writeSettingFile(join(dir, 'marelle-serveur.json'), {
  host: '127.0.0.1', port: 1, database: 'marelle', user: 'marelle_app', sslmode: 'disable', caFile: null,
})
const gate = startDesktopBackend({
  databasePath, log, server: { localDir: dir }, connectTimeoutMs: 3000,
  startLocal: () => startKeyedBackend({ databasePath, log }),
})
await gate.settled()
const local = startBackend({ databasePath, log })
const host = await startWebHost({
  databasePath, log, staticDir: resolve('out/web'),
  started: { ...local, dispatch: gate.dispatch, close: async () => { await gate.close(); await local.close() } },
})
console.log('Marelle (mode web) : ' + host.url)
process.on('SIGTERM', () => host.close().then(() => process.exit(0)))
`

let dir = ''
let child: ChildProcess | null = null
let url = ''

test.describe.configure({ mode: 'serial' })
test.beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'marelle-e2e-startup-'))
  const started = spawn(process.execPath, ['--import', 'tsx', '--input-type=module', '-e', HOST], {
    stdio: ['ignore', 'pipe', 'pipe'],
    env: { ...process.env, STARTUP_DIR: dir, STARTUP_ADMIN: JSON.stringify(ADMIN) },
  })
  child = started
  let output = ''
  url = await new Promise<string>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`start-up host did not start:\n${output}`)), 30_000)
    started.stdout?.on('data', (chunk: Buffer) => {
      output += chunk.toString()
      const match = /Marelle \(mode web\) : (http:\/\/\S+)/.exec(output)
      if (match) {
        clearTimeout(timer)
        resolve(match[1] as string)
      }
    })
    started.stderr?.on('data', (chunk: Buffer) => {
      output += chunk.toString()
    })
    started.on('exit', (code) => reject(new Error(`start-up host exited with ${code}:\n${output}`)))
  })
})
test.afterAll(async () => {
  if (child) {
    const exited = new Promise((r) => child?.once('exit', r))
    child.kill('SIGTERM')
    await exited
  }
  if (dir) rmSync(dir, { recursive: true, force: true })
})

test('a server that does not answer: the start-up screen, a retry, then an administrator goes back to the local file', async ({
  page,
}) => {
  await page.goto(url)
  await expect(page.getByRole('heading', { name: 'Le serveur ne répond pas' })).toBeVisible()
  await expect(page.getByRole('alert')).toContainText(
    'Le serveur PostgreSQL 127.0.0.1:1 ne répond pas. Vérifiez qu’il est démarré',
  )
  await expect(
    page.getByText('Serveur : postgres://marelle_app@127.0.0.1:1/marelle?sslmode=disable'),
  ).toBeVisible()
  await page.screenshot({ path: screenshotPath('server-mode-startup-01-injoignable') })

  await page.getByRole('button', { name: 'Réessayer' }).click()
  await expect(page.getByText('Nouvel essai (1) : toujours impossible.')).toBeVisible()

  await page.getByRole('button', { name: 'Revenir à la base locale de ce poste…' }).click()
  await page.getByLabel('Identifiant d’un administrateur').fill(ADMIN.login)
  await page.getByLabel('Son mot de passe sur ce poste').fill('pas-le-bon-mot-de-passe')
  await page.getByRole('button', { name: 'Revenir à la base locale', exact: true }).click()
  await expect(page.getByRole('alert').filter({ hasText: 'Refusé' })).toContainText(
    'Identifiant ou mot de passe incorrect',
  )
  expect(existsSync(join(dir, 'marelle-serveur.json'))).toBe(true)
  await page.screenshot({ path: screenshotPath('server-mode-startup-02-retour-local') })

  await page.getByLabel('Son mot de passe sur ce poste').fill(ADMIN.password)
  await page.getByRole('button', { name: 'Revenir à la base locale', exact: true }).click()
  // Signed in as the administrator who chose, on the local file; the setting is gone.
  await expect(page.getByRole('navigation', { name: 'Navigation principale' })).toBeVisible()
  await expect(page.getByText(ADMIN.displayName).first()).toBeVisible()
  expect(existsSync(join(dir, 'marelle-serveur.json'))).toBe(false)
})
