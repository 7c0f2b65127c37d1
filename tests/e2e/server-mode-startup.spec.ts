import { type ChildProcess, execFileSync, spawn } from 'node:child_process'
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { adminUrl, databaseUrl } from '../pg/server'
import { ADMIN, expect, screenshotPath, stopProcess, test } from './host'

// The desktop's start-up screen (README, « Au démarrage du poste »), in
// Chromium: the back-end the Electron shell starts (server/startup.ts) behind
// the web host, on a desktop whose marelle-serveur.json names a server that
// does not answer (port 1 of this machine: no PostgreSQL needed). The screen
// says so in French, tries again, refuses a wrong administrator's password
// and lets the right one bring the desktop back to its local file, signed in.
// On a real server (PGHOST…, node scripts/pg-e2e.mjs): a password kept but
// unreadable here is asked for, opens the server and is kept again.

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
const { testFileSecretStore } = await import('./src-main/backend/server/secret-store-test-file.ts')
const { startWebHost } = await import('./src-main/web-host/server.ts')
const log = { info: () => {}, warn: () => {}, error: (...m) => console.error(...m) }
const dir = process.env.STARTUP_DIR
const databasePath = join(dir, 'marelle.db')
const seed = startBackend({ databasePath, log })
const admin = JSON.parse(process.env.STARTUP_ADMIN)
const setup = await seed.dispatch('auth/setupAdmin', { ...admin, passwordConfirm: admin.password }, { staffId: null })
if (!setup.ok) throw new Error(setup.error.message)
await seed.close()
writeSettingFile(join(dir, SETTING_FILE_NAME), JSON.parse(process.env.STARTUP_SETTING))
// The password file of the tests' store ({} : kept, but unreadable here, as on a new Windows profile).
const serverSecrets = process.env.STARTUP_SECRET ? testFileSecretStore(process.env.STARTUP_SECRET) : undefined
const gate = startDesktopBackend({
  databasePath, log, serverSecrets, server: { localDir: dir }, connectTimeoutMs: 3000,
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

const NOBODY = {
  host: '127.0.0.1',
  port: 1,
  database: 'marelle',
  user: 'marelle_app',
  sslmode: 'disable',
  caFile: null,
}

let dir = ''
let child: ChildProcess | null = null

/** Starts the host on a new folder with `setting` (and the password file `secret`), waits for its address. */
async function startHost(setting: object, secret?: string): Promise<string> {
  const started = spawn(process.execPath, ['--import', 'tsx', '--input-type=module', '-e', HOST], {
    stdio: ['ignore', 'pipe', 'pipe'],
    env: {
      ...process.env,
      STARTUP_DIR: dir,
      STARTUP_ADMIN: JSON.stringify(ADMIN),
      STARTUP_SETTING: JSON.stringify(setting),
      ...(secret ? { STARTUP_SECRET: secret } : {}),
    },
  })
  child = started
  let output = ''
  return new Promise<string>((resolve, reject) => {
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
}

test.describe.configure({ mode: 'serial' })
test.beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'marelle-e2e-startup-'))
})
test.afterEach(async () => {
  await stopProcess(child)
  child = null
  if (dir) rmSync(dir, { recursive: true, force: true })
})

test('a server that does not answer: the start-up screen, a retry, then an administrator goes back to the local file', async ({
  page,
}) => {
  await page.goto(await startHost(NOBODY))
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

const admin = adminUrl()

test('the password kept cannot be read here: typed in the start-up screen, it opens the server and is kept again', async ({
  page,
}) => {
  // Needs a PostgreSQL server over TCP (node scripts/pg-e2e.mjs); the same rule as server-mode.spec.ts.
  if (!admin && process.env.MARELLE_REQUIRE_PG === '1')
    throw new Error('Parcours PostgreSQL obligatoire ici (MARELLE_REQUIRE_PG=1), mais aucun serveur.')
  test.skip(
    !admin || new URL(admin).hostname === '',
    'Parcours PostgreSQL ignoré : aucun serveur en TCP (PGHOST…).',
  )
  const server = new URL(admin as string)
  const name = `e2e_startup_${process.pid}`
  execFileSync('createdb', [name], { stdio: 'pipe' })
  try {
    execFileSync(
      process.execPath,
      ['bin/marelle.js', '--db', databaseUrl(admin as string, name), 'migrate'],
      {
        stdio: 'pipe',
      },
    )
    const secret = join(dir, 'secret.json')
    writeFileSync(secret, '{}')
    const setting = {
      host: server.hostname,
      port: Number(server.port || 5432),
      database: name,
      user: decodeURIComponent(server.username) || 'postgres',
      sslmode: 'disable',
      caFile: null,
    }
    await page.goto(await startHost(setting, secret))
    await expect(page.getByRole('heading', { name: 'Mot de passe du serveur à saisir' })).toBeVisible()
    await expect(page.getByRole('alert')).toContainText(
      'Le mot de passe du serveur gardé sur ce poste n’est pas lisible ici',
    )
    await page.screenshot({ path: screenshotPath('server-mode-startup-03-mot-de-passe') })
    await page.getByLabel('Mot de passe du serveur').fill(process.env.PGPASSWORD ?? '')
    await page.getByRole('button', { name: 'Se connecter au serveur' }).click()
    // The server's database has no staff yet: its first administrator is created next.
    await expect(page.getByRole('heading', { name: 'Premier démarrage' })).toBeVisible()
    expect(JSON.parse(readFileSync(secret, 'utf8'))).toEqual({ password: process.env.PGPASSWORD ?? '' })
    const audit = execFileSync(
      'psql',
      [
        '-X',
        '-A',
        '-t',
        '-d',
        name,
        '-c',
        "SELECT count(*) FROM audit_log WHERE action = 'server.password.store'",
      ],
      { encoding: 'utf8' },
    ).trim()
    expect(audit).toBe('1')
  } finally {
    await stopProcess(child)
    child = null
    execFileSync('dropdb', ['--force', '--if-exists', name], { stdio: 'pipe' })
  }
})
