import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { createAdmin, expect, type Host, screenshotPath, signIn, startHost, test } from './host'

// Paramètres → Serveur PostgreSQL in the browser (issue 12 item 4): fields
// with labels, sslmode as a list, the password never shown back, « Tester la
// connexion » with its French result, all by keyboard. The web host keeps the
// password in its test-only file (MARELLE_TEST_SECRET_STORE); the desktop app
// protects it with safeStorage.

let dir: string
let secretFile: string
let host: Host
test.describe.configure({ mode: 'serial' })

test.beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'marelle-e2e-server-'))
  secretFile = join(dir, 'secret-test.json')
  process.env.MARELLE_TEST_SECRET_STORE = secretFile
  try {
    host = await startHost(join(dir, 'marelle.db'))
  } finally {
    delete process.env.MARELLE_TEST_SECRET_STORE
  }
  await createAdmin(host)
})
test.afterAll(async () => {
  await host?.close()
  rmSync(dir, { recursive: true, force: true })
})

const PASSWORD = 'Serveur-e2e-Secret-7'

test('an administrator sets the server, keeps the password without seeing it again, and tests the connection', async ({
  page,
}) => {
  await signIn(page, host)
  await page.getByRole('link', { name: 'Paramètres' }).click()
  await page.getByRole('tab', { name: 'Serveur PostgreSQL' }).click()
  const form = page.getByRole('form', { name: 'Serveur PostgreSQL' })
  await expect(form.getByText('Prend effet au prochain démarrage')).toBeVisible()
  await expect(form.getByText(/travaille encore sur la base de ce poste/)).toBeVisible()
  await expect(form.getByText('Aucun serveur réglé sur ce poste.')).toBeVisible()

  // Keyboard only: the address, then Tab through port, database and user.
  await form.getByLabel('Adresse du serveur').focus()
  await page.keyboard.type('pg mairie')
  await page.keyboard.press('Tab')
  await page.keyboard.press('ControlOrMeta+a')
  await page.keyboard.type('5433')
  // Vérification complète (the default) without a CA file: both refusals under their fields.
  await page.keyboard.press('Enter')
  await expect(
    form.getByText('un nom de serveur ou une adresse IP, sans espace ni « / » (par exemple pg.mairie.local)'),
  ).toBeVisible()
  await expect(form.getByText(/^à choisir pour la vérification complète/)).toBeVisible()

  await form.getByLabel('Adresse du serveur').fill('127.0.0.1')
  // sslmode by keyboard: open the list, go to « exigé », choose it.
  const sslmode = form.getByLabel('Chiffrement de la connexion (sslmode)')
  await sslmode.focus()
  await page.keyboard.press('ArrowDown')
  await expect(page.getByRole('option', { name: /^désactivé$/ })).toBeVisible()
  // The list opens on the chosen value (vérification complète); « exigé » is just above it.
  await page.keyboard.press('ArrowUp')
  await page.keyboard.press('Enter')
  await expect(sslmode).toHaveValue('exigé (chiffré, certificat non vérifié)')
  await form.getByLabel('Certificat de l’autorité (fichier CA)').fill('')
  await form.getByLabel('Mot de passe').fill(PASSWORD)
  await form.getByRole('button', { name: 'Enregistrer' }).click()
  await expect(
    form.getByText('Mot de passe enregistré sur ce poste (protégé par le système, jamais affiché).'),
  ).toBeVisible()
  await expect(form.getByLabel('Mot de passe')).toHaveValue('')
  await expect(form.locator('code').first()).toHaveText(
    'postgres://marelle_app@127.0.0.1:5433/marelle?sslmode=require&uselibpqcompat=true',
  )
  expect(await page.content()).not.toContain(PASSWORD)
  const file = JSON.parse(readFileSync(join(dir, 'marelle-serveur.json'), 'utf8'))
  expect(file).toEqual({
    host: '127.0.0.1',
    port: 5433,
    database: 'marelle',
    user: 'marelle_app',
    sslmode: 'require',
    caFile: null,
  })

  // Nothing listens on port 1: the test says so in French, with what was tried.
  await form.getByLabel('Port').fill('1')
  await form.getByRole('button', { name: 'Tester la connexion' }).click()
  const result = form.getByRole('status').filter({ hasText: 'La connexion ne convient pas encore' })
  await expect(result).toBeVisible({ timeout: 15_000 })
  await expect(result).toContainText('Le serveur PostgreSQL ne répond pas (marelle_app@127.0.0.1:1/marelle)')
  await page.screenshot({ path: screenshotPath('server-setting'), fullPage: true })

  // Reloaded: the password is still kept, never shown.
  await page.reload()
  await page.getByRole('tab', { name: 'Serveur PostgreSQL' }).click()
  await expect(form.getByLabel('Mot de passe')).toHaveValue('')
  await expect(form.getByText(/Mot de passe enregistré sur ce poste/)).toBeVisible()
  await form.getByRole('button', { name: 'Oublier le mot de passe' }).click()
  await expect(form.getByText('Aucun mot de passe enregistré.')).toBeVisible()
})

test('a setting file written by hand with a mistake is named, and a save replaces it', async ({ page }) => {
  writeFileSync(join(dir, 'marelle-serveur.json'), JSON.stringify({ host: 'pg.mairie.local', port: 'cinq' }))
  await signIn(page, host)
  await page.getByRole('link', { name: 'Paramètres' }).click()
  await page.getByRole('tab', { name: 'Serveur PostgreSQL' }).click()
  const form = page.getByRole('form', { name: 'Serveur PostgreSQL' })
  const problem = form.getByRole('alert').filter({ hasText: 'Fichier du réglage inutilisable' })
  await expect(problem).toContainText('marelle-serveur.json : Port : ')
  await form.getByLabel('Adresse du serveur').fill('pg.mairie.local')
  const sslmode = form.getByLabel('Chiffrement de la connexion (sslmode)')
  await sslmode.click()
  await page.getByRole('option', { name: /^désactivé$/ }).click()
  await form.getByRole('button', { name: 'Enregistrer' }).click()
  await expect(problem).toHaveCount(0)
  expect(JSON.parse(readFileSync(join(dir, 'marelle-serveur.json'), 'utf8'))).toMatchObject({
    host: 'pg.mairie.local',
    port: 5432,
    sslmode: 'disable',
    caFile: null,
  })
})
