import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import type { Page } from '@playwright/test'
import { ADMIN, createAdmin, expect, type Host, screenshotPath, startHost, test } from './host'

// Issue 14 point 2: the recovery key shown to the first administrator, a new
// one from Paramètres → Chiffrement, and the recovery screen when the key
// kept on the desktop cannot be read. The web host keeps the key in its
// test-only file store (MARELLE_TEST_KEY_STORE, docs/chiffrement.md).

let dir: string
let keyFile: string
let dbPath: string
let host: Host
test.describe.configure({ mode: 'serial' })

async function startWithKeyStore(): Promise<Host> {
  process.env.MARELLE_TEST_KEY_STORE = keyFile
  try {
    return await startHost(dbPath)
  } finally {
    delete process.env.MARELLE_TEST_KEY_STORE
  }
}

test.beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'marelle-e2e-encryption-'))
  keyFile = join(dir, 'cle-test.json')
  dbPath = join(dir, 'marelle.db')
  host = await startWithKeyStore()
  await createAdmin(host)
})
test.afterAll(async () => {
  await host?.close()
  rmSync(dir, { recursive: true, force: true })
})

async function signInOnly(page: Page): Promise<void> {
  await page.goto(host.url)
  await page.getByLabel('Identifiant').fill(ADMIN.login)
  await page.getByLabel('Mot de passe').fill(ADMIN.password)
  await page.getByRole('button', { name: 'Se connecter' }).click()
}

async function shownKey(page: Page): Promise<string> {
  const key = page.getByTestId('recovery-key').first()
  await expect(key).toBeVisible()
  const groups = await key.locator('span').allTextContents()
  expect(groups).toHaveLength(16)
  for (const group of groups) expect(group).toMatch(/^\d{6}$/)
  return groups.join('-')
}

let firstKey = ''
let secondKey = ''

test('the first administrator sees the recovery key, prints it, and confirms keeping it', async ({
  page,
  browser,
}) => {
  expect(readFileSync(dbPath).subarray(0, 15).toString('latin1')).not.toBe('SQLite format 3')
  await signInOnly(page)
  await expect(page.getByRole('heading', { name: 'Clé de secours' })).toBeVisible()
  firstKey = await shownKey(page)
  const proceed = page.getByRole('button', { name: 'Continuer' })
  await expect(proceed).toBeDisabled()
  await page.screenshot({ path: screenshotPath('chiffrement-cle-de-secours') })

  // The printed sheet: the key, the day, what to do with it, and nothing of the app.
  await page.emulateMedia({ media: 'print' })
  const sheet = page.locator('.recovery-print')
  await expect(sheet).toBeVisible()
  await expect(sheet.getByText(/coffre/)).toBeVisible()
  await expect(sheet.getByText(/imprimée le \d{2}\/\d{2}\/\d{4}/)).toBeVisible()
  await expect(page.getByRole('button', { name: 'Imprimer' })).toBeHidden()
  await page.screenshot({ path: screenshotPath('chiffrement-feuille-imprimee'), fullPage: true })
  await page.emulateMedia({ media: 'screen' })

  // Signing in again (another window) shows it again until someone confirms.
  const again = await browser.newPage()
  await signInOnly(again)
  expect(await shownKey(again)).toBe(firstKey)
  await again.close()
  await page.getByLabel("J'ai imprimé ou noté la clé de secours et je la conserve en lieu sûr").check()
  await proceed.focus()
  await page.keyboard.press('Enter')
  await expect(page.getByRole('navigation', { name: 'Navigation principale' })).toBeVisible()
  const later = await browser.newPage()
  await signInOnly(later)
  await expect(later.getByRole('navigation', { name: 'Navigation principale' })).toBeVisible()
  await expect(later.getByTestId('recovery-key')).toHaveCount(0)
  await later.close()
})

test('Paramètres → Chiffrement: the status, then a new recovery key after a confirmation', async ({
  page,
}) => {
  await signInOnly(page)
  await page
    .getByRole('navigation', { name: 'Navigation principale' })
    .getByRole('link', { name: 'Paramètres' })
    .click()
  await page.getByRole('tab', { name: 'Chiffrement' }).click()
  const panel = page.getByRole('tabpanel', { name: 'Chiffrement' })
  await expect(panel.getByRole('row', { name: /Base chiffrée\s*Oui/ })).toBeVisible()
  await expect(panel.getByText(/sqlcipher/)).toBeVisible()
  await expect(panel.getByText('jamais (clé du premier démarrage)')).toBeVisible()
  await page.screenshot({ path: screenshotPath('chiffrement-parametres') })

  await panel.getByRole('button', { name: 'Générer une nouvelle clé de secours' }).click()
  const dialog = page.getByRole('dialog', { name: 'Générer une nouvelle clé de secours' })
  await expect(dialog.getByText(/L’ancienne clé de secours ne fonctionnera plus/)).toBeVisible()
  await page.screenshot({ path: screenshotPath('chiffrement-confirmation') })
  await dialog.getByRole('button', { name: 'Générer la nouvelle clé' }).click()
  await expect(dialog).toBeHidden()
  secondKey = await shownKey(page)
  expect(secondKey).not.toBe(firstKey)
  await page.screenshot({ path: screenshotPath('chiffrement-nouvelle-cle') })
  await page.getByLabel("J'ai imprimé ou noté la clé de secours et je la conserve en lieu sûr").check()
  await page.getByRole('button', { name: 'Continuer' }).click()
  await expect(
    panel.getByRole('row', { name: /Dernier changement de clé\s*\d{2}\/\d{2}\/\d{4}/ }),
  ).toBeVisible()
})

test('an unreadable key: the recovery screen before sign-in, a wrong key refused, the right one opens', async ({
  page,
}) => {
  await host.close()
  // As after a new Windows profile: what the store holds can no longer be read.
  writeFileSync(keyFile, 'illisible')
  host = await startWithKeyStore()
  await page.goto(host.url)
  await expect(page.getByText(/La clé de chiffrement de ce poste est illisible/)).toBeVisible()
  await expect(page.getByLabel('Identifiant')).toHaveCount(0)
  const field = page.getByRole('textbox', { name: 'Clé de secours' })
  await expect(field).toBeFocused()
  await page.screenshot({ path: screenshotPath('chiffrement-saisie-cle') })

  await field.fill(firstKey)
  await page.keyboard.press('Enter')
  await expect(page.getByText(/cette clé n’ouvre pas la base de ce poste/)).toBeVisible()
  const typo = secondKey.split('-')
  typo[4] = typo[4] === '000000' ? '000001' : `${typo[4].slice(0, 5)}${(Number(typo[4][5]) + 1) % 10}`
  await field.fill(typo.join(' '))
  await page.getByRole('button', { name: 'Ouvrir la base' }).click()
  await expect(page.getByText('Le groupe 5 de la clé de secours est erroné.')).toBeVisible()
  await page.screenshot({ path: screenshotPath('chiffrement-groupe-errone') })

  await field.fill(secondKey.replaceAll('-', ''))
  await page.getByRole('button', { name: 'Ouvrir la base' }).click()
  await expect(page.getByLabel('Identifiant')).toBeVisible()
  expect(JSON.parse(readFileSync(keyFile, 'utf8'))).toMatchObject({ recoveryShown: true })
  await page.getByLabel('Identifiant').fill(ADMIN.login)
  await page.getByLabel('Mot de passe').fill(ADMIN.password)
  await page.getByRole('button', { name: 'Se connecter' }).click()
  await expect(page.getByRole('navigation', { name: 'Navigation principale' })).toBeVisible()
})
