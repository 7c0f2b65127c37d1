import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join, resolve } from 'node:path'
import { type ElectronApplication, _electron as electron, expect, type Page, test } from '@playwright/test'
import { CHANNEL_NAMES } from '../../src-shared/contract/index'
import { electronUnavailable } from './binary'

const root = resolve(import.meta.dirname, '../..')
const unavailable = electronUnavailable(root)

let app: ElectronApplication
let page: Page
let dataDir: string

if (unavailable) console.log(unavailable)
test.skip(unavailable !== null, unavailable ?? '')

test.beforeAll(async () => {
  dataDir = mkdtempSync(join(tmpdir(), 'marelle-electron-'))
  app = await electron.launch({
    args: [join(root, 'out/main/index.js')],
    // Linux without a keyring: safeStorage's fixed-password mode (docs/chiffrement.md).
    env: { ...process.env, MARELLE_DATA_DIR: dataDir, MARELLE_LINUX_BASIC_TEXT_KEY: '1' },
  })
  page = await app.firstWindow()
  await page.waitForLoadState('domcontentloaded')
})

test.afterAll(async () => {
  await app?.close()
  rmSync(dataDir, { recursive: true, force: true })
})

test('the window is isolated, sandboxed and without Node', async () => {
  expect(await page.evaluate(() => typeof (globalThis as { require?: unknown }).require)).toBe('undefined')
  expect(await page.evaluate(() => typeof (globalThis as { process?: unknown }).process)).toBe('undefined')
  // Context isolation: the page sees the bridge's functions, not Electron's ipcRenderer.
  expect(await page.evaluate(() => typeof (window as unknown as { ipcRenderer?: unknown }).ipcRenderer)).toBe(
    'undefined',
  )
  expect(await page.evaluate(() => Object.isFrozen((window as unknown as { marelle: object }).marelle))).toBe(
    true,
  )
})

test('the bridge exposes exactly the contract, and the page runs under a CSP', async () => {
  const keys = await page.evaluate(() =>
    Object.keys((window as unknown as { marelle: object }).marelle).sort(),
  )
  expect(keys).toEqual([...CHANNEL_NAMES].sort())
  expect(page.url()).toBe('app://marelle/index.html')
  const blocked = await page.evaluate(() => {
    try {
      // biome-ignore lint/security/noGlobalEval: checking that the CSP forbids it
      eval('1')
      return false
    } catch {
      return true
    }
  })
  expect(blocked).toBe(true)
})

test('navigation away and new windows are refused', async () => {
  await page.evaluate(() => {
    window.location.href = 'https://example.com/'
  })
  await page.waitForTimeout(500)
  expect(page.url()).toBe('app://marelle/index.html')
  await page.evaluate(() => window.open('https://example.com/'))
  await page.waitForTimeout(500)
  expect(app.windows()).toHaveLength(1)
})

test('the custom protocol refuses paths outside the renderer', async () => {
  const status = await page.evaluate(async () => (await fetch('app://marelle/%2e%2e/main/index.js')).status)
  expect([403, 404]).toContain(status)
})
