import { type ChildProcess, execFileSync, spawn } from 'node:child_process'
import { randomBytes } from 'node:crypto'
import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { adminUrl, databaseUrl } from '../pg/server'
import { ADMIN, expect, screenshotPath, signIn, stopProcess, test } from './host'

// Issue 12's end-to-end pass of the web host on PostgreSQL (README, « Mode
// serveur »): the demo moved to a server database with `marelle transfer`,
// the web host started on it (--db postgres://…), then in Chromium: sign in,
// the request queue, a request decided, a family opened and edited; each
// change read back from the server itself. Needs PGHOST… (pg_virtualenv
// exports them: `pg_virtualenv -t npx playwright test --project server-mode`);
// skipped, and said so, without, unless MARELLE_REQUIRE_PG=1, where it fails.

const admin = adminUrl()
const REQUIRED = process.env.MARELLE_REQUIRE_PG === '1'
const NO_SERVER =
  'Parcours PostgreSQL ignoré : aucun serveur (définissez PGHOST… ou MARELLE_TEST_PG_URL, ou lancez-le sous pg_virtualenv).'

const name = `e2e_${randomBytes(5).toString('hex')}`
let dir = ''
let url = ''
let child: ChildProcess | null = null
let hostUrl = ''

/** The same script as the command line, on the file or on the server. */
function marelle(...args: string[]): string {
  return execFileSync(process.execPath, ['bin/marelle.js', ...args], { encoding: 'utf8', stdio: 'pipe' })
}

function psql(database: string, query: string): string {
  return execFileSync('psql', ['-X', '-A', '-t', '-v', 'ON_ERROR_STOP=1', '-d', database, '-c', query], {
    encoding: 'utf8',
    stdio: 'pipe',
  }).trim()
}

/** `npm run web -- --db postgres://…`, waited for until it prints its address. */
async function startServerHost(databaseUrl: string): Promise<string> {
  const started = spawn(
    process.execPath,
    ['--import', 'tsx', 'src-main/web-host/cli.ts', '--db', databaseUrl],
    {
      stdio: ['ignore', 'pipe', 'pipe'],
      env: { ...process.env },
    },
  )
  child = started
  let output = ''
  return new Promise<string>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`web host did not start:\n${output}`)), 30_000)
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
    started.on('exit', (code) => reject(new Error(`web host exited with ${code}:\n${output}`)))
  })
}

test.describe.configure({ mode: 'serial' })

test.beforeAll(async () => {
  if (!admin) {
    if (REQUIRED)
      throw new Error(
        'Parcours PostgreSQL obligatoire ici (MARELLE_REQUIRE_PG=1), mais aucun serveur (PGHOST… ou MARELLE_TEST_PG_URL) : lancez-le sous pg_virtualenv.',
      )
    console.log(NO_SERVER)
    return
  }
  dir = mkdtempSync(join(tmpdir(), 'marelle-e2e-pg-'))
  const file = join(dir, 'demo.db')
  marelle('--db', file, 'migrate')
  marelle('--db', file, 'demo', '--families', '40')
  psql('postgres', `CREATE DATABASE ${name}`)
  url = databaseUrl(admin, name)
  marelle('--db', file, 'transfer', '--to', url)
  hostUrl = await startServerHost(url)
  const parsed = new URL(hostUrl)
  const response = await fetch(`${parsed.origin}/api/auth/setupAdmin`, {
    method: 'POST',
    headers: {
      'Content-Type': 'application/json',
      'X-Marelle-Token': parsed.searchParams.get('token') ?? '',
      'X-Marelle-Session': 'e2e-setup-session-0001',
    },
    body: JSON.stringify({ ...ADMIN, passwordConfirm: ADMIN.password }),
  })
  expect(((await response.json()) as { ok: boolean }).ok).toBe(true)
})

test.afterAll(async () => {
  await stopProcess(child)
  if (admin && url) psql('postgres', `DROP DATABASE IF EXISTS ${name} WITH (FORCE)`)
  if (dir) rmSync(dir, { recursive: true, force: true })
})

test('on PostgreSQL: sign in, decide a request of the queue, open and edit a family', async ({ page }) => {
  test.skip(!admin && !REQUIRED, NO_SERVER)
  const host = { url: hostUrl }
  await signIn(page, host as Parameters<typeof signIn>[1])

  // The queue: the demo's pending requests, read from the server.
  const pending = Number(psql(name, "SELECT count(*) FROM requests WHERE state = 'pending'"))
  expect(pending).toBeGreaterThan(0)
  await page
    .getByRole('navigation', { name: 'Navigation principale' })
    .getByRole('link', { name: 'Demandes' })
    .click()
  await expect(page.getByRole('heading', { level: 2, name: 'Demandes' })).toBeVisible()
  await expect(page.getByText(`${pending} en attente`)).toBeVisible()
  const rows = page.locator('.ag-row')
  await rows.filter({ hasText: 'Modification du responsable' }).first().click()
  await expect(page.getByLabel('Réponse à la famille')).toHaveValue(/Bonjour/)
  await page.screenshot({ path: screenshotPath('server-mode-01-demande') })
  await page.keyboard.press('Alt+V')
  await expect(page.getByText(/^Demande P-\d{8}-\d{6} validée\.$/)).toBeVisible()
  await expect(page.getByText(`${pending - 1} en attente`)).toBeVisible()
  const decided = psql(
    name,
    "SELECT ref || ' ' || state FROM requests WHERE decided_at IS NOT NULL ORDER BY decided_at DESC LIMIT 1",
  )
  expect(decided).toMatch(/^P-\d{8}-\d{6} validated$/)

  // A family: searched, opened, its responsable's mobile changed, saved on the server and in its history.
  await page
    .getByRole('navigation', { name: 'Navigation principale' })
    .getByRole('link', { name: 'Familles' })
    .click()
  await page.getByLabel('Rechercher').fill('test')
  await expect(page.getByRole('row', { name: /383304832264/ })).toContainText('TEST TEST')
  await page.getByLabel('Rechercher').press('Enter')
  await expect(page.getByRole('heading', { name: 'Famille n° 383304832264 · TEST TEST' })).toBeVisible()
  await page.getByLabel('Mobile').first().fill('06 12 34 56 78')
  await page.getByRole('button', { name: 'Enregistrer le responsable' }).click()
  await expect(page.getByText('Responsable enregistré.')).toBeVisible()
  await page.getByRole('tab', { name: 'Historique' }).click()
  await expect(page.getByRole('cell', { name: /Mobile : .* → 06 12 34 56 78/ })).toBeVisible()
  await page.screenshot({ path: screenshotPath('server-mode-02-famille-historique'), fullPage: true })
  const audit = psql(
    name,
    // However the number is kept (spaces or not, +33), the change is the server's audit log's.
    "SELECT count(*) FROM audit_log WHERE action = 'guardian.update' AND replace(changes, ' ', '') LIKE '%612345678%' AND actor = 'Camille Admin'",
  )
  expect(audit).toBe('1')
})
