import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join, resolve } from 'node:path'
import { type ElectronApplication, _electron as electron, expect, type Page, test } from '@playwright/test'
import { electronUnavailable } from './binary'

// Issue 14 point 5: the database key kept with Electron's real safeStorage
// (DPAPI on Windows, the Keychain on macOS; on Linux a keyring, or its
// fixed-password mode with MARELLE_LINUX_BASIC_TEXT_KEY=1 where there is none).
// Where the Electron binary is missing, the suite is skipped (binary.ts).

const root = resolve(import.meta.dirname, '../..')
const unavailable = electronUnavailable(root)
if (unavailable) console.log(unavailable)
test.skip(unavailable !== null, unavailable ?? '')
test.describe.configure({ mode: 'serial' })

const ADMIN = { login: 'admin', displayName: 'Camille Admin', password: 'Marelle-2026!' }
let dataDir: string
let app: ElectronApplication | null = null

async function launch(): Promise<Page> {
  app = await electron.launch({
    args: [join(root, 'out/main/index.js')],
    env: { ...process.env, MARELLE_DATA_DIR: dataDir, MARELLE_LINUX_BASIC_TEXT_KEY: '1' },
  })
  const page = await app.firstWindow()
  await page.waitForLoadState('domcontentloaded')
  return page
}

async function quit(): Promise<void> {
  await app?.close()
  app = null
}

/** Calls a channel through the preload's bridge, as the window does. */
function call(page: Page, channel: string, input: unknown): Promise<{ ok: boolean; value?: unknown }> {
  return page.evaluate(
    ([name, body]) =>
      (window as unknown as Record<string, Record<string, (i: unknown) => Promise<never>>>).marelle[
        name as string
      ](body),
    [channel, input] as const,
  )
}

test.beforeAll(() => {
  dataDir = mkdtempSync(join(tmpdir(), 'marelle-electron-key-'))
})
test.afterAll(async () => {
  await quit()
  rmSync(dataDir, { recursive: true, force: true })
})

let recoveryKey = ''

test('first start: the key is kept by safeStorage, never in clear, and the database is encrypted', async () => {
  const page = await launch()
  expect(await call(page, 'encryption/lockState', {})).toEqual({
    ok: true,
    value: { locked: false, reason: null },
  })
  await call(page, 'auth/setupAdmin', { ...ADMIN, passwordConfirm: ADMIN.password })
  const pending = (await call(page, 'encryption/pendingRecoveryKey', {})) as {
    value: { recoveryKey: string }
  }
  recoveryKey = pending.value.recoveryKey
  expect(recoveryKey).toMatch(/^(\d{6}-){15}\d{6}$/)
  await quit()

  expect(readFileSync(join(dataDir, 'marelle.db')).subarray(0, 15).toString('latin1')).not.toBe(
    'SQLite format 3',
  )
  const stored = readFileSync(join(dataDir, 'marelle.key'), 'utf8')
  const key = Buffer.from(
    recoveryKey.split('-').flatMap((group) => {
      const value = Number(group) / 11
      return [value >> 8, value & 0xff]
    }),
  )
  expect(stored).not.toContain(key.toString('hex'))
  expect(stored).not.toContain(recoveryKey.slice(0, 20))
})

test('the next start reads the key back; an unreadable one asks for the recovery key', async () => {
  let page = await launch()
  expect(await call(page, 'encryption/lockState', {})).toMatchObject({ value: { locked: false } })
  await quit()

  // As a blob protected for another Windows user: safeStorage cannot decrypt it.
  const file = join(dataDir, 'marelle.key')
  const content = JSON.parse(readFileSync(file, 'utf8')) as { protectedKey: string }
  writeFileSync(
    file,
    JSON.stringify({ ...content, protectedKey: Buffer.from('autre profil').toString('base64') }),
  )
  page = await launch()
  await expect(page.getByText(/La clé de chiffrement de ce poste est illisible/)).toBeVisible()
  await page.getByRole('textbox', { name: 'Clé de secours' }).fill(recoveryKey)
  await page.getByRole('button', { name: 'Ouvrir la base' }).click()
  await expect(page.getByLabel('Identifiant')).toBeVisible()
  await quit()

  page = await launch()
  expect(await call(page, 'encryption/lockState', {})).toMatchObject({ value: { locked: false } })
  await expect(page.getByLabel('Identifiant')).toBeVisible()
})
