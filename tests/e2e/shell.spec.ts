import { ADMIN, expect, type Host, screenshotPath, signIn, startHost, test } from './host'

let host: Host
test.describe.configure({ mode: 'serial' })
test.beforeAll(async () => {
  host = await startHost()
})
test.afterAll(async () => {
  await host.close()
})

test('first start creates the administrator, who lands on the French shell', async ({ page }) => {
  await page.goto(host.url)
  await expect(page.getByRole('heading', { name: 'Premier démarrage' })).toBeVisible()

  // Bad input is refused with French messages naming the fields, nothing created.
  await page.getByRole('button', { name: 'Créer le compte administrateur' }).click()
  await expect(page.getByText('au moins 2 caractères')).toBeVisible()
  await page.getByLabel('Identifiant').fill(ADMIN.login)
  await page.getByLabel('Nom affiché').fill(ADMIN.displayName)
  await page.getByLabel('Mot de passe', { exact: true }).fill('court')
  await page.getByLabel('Confirmation du mot de passe').fill('autre')
  await page.getByRole('button', { name: 'Créer le compte administrateur' }).click()
  await expect(page.getByText('au moins 8 caractères', { exact: true })).toBeVisible()
  await expect(page.getByText('les deux mots de passe diffèrent')).toBeVisible()
  await page.screenshot({ path: screenshotPath('01-premier-demarrage-erreurs') })

  await page.getByLabel('Mot de passe', { exact: true }).fill(ADMIN.password)
  await page.getByLabel('Confirmation du mot de passe').fill(ADMIN.password)
  await page.getByRole('button', { name: 'Créer le compte administrateur' }).click()
  await expect(page.getByRole('heading', { name: 'Tableau de bord' })).toBeVisible()
  await expect(page.getByText(`Bonjour ${ADMIN.displayName}.`)).toBeVisible()
  await expect(page).toHaveTitle('Marelle — Tableau de bord')
})

test('sign-in refuses a wrong password, then the sidebar navigates every screen', async ({ page }) => {
  await page.goto(host.url)
  await page.getByLabel('Identifiant').fill(ADMIN.login)
  await page.getByLabel('Mot de passe').fill('Mauvais-mot-2026')
  await page.getByRole('button', { name: 'Se connecter' }).click()
  await expect(page.getByRole('alert')).toHaveText('Identifiant ou mot de passe incorrect.')
  await page.screenshot({ path: screenshotPath('02-connexion-refusee') })

  await page.getByLabel('Mot de passe').fill(ADMIN.password)
  await page.getByRole('button', { name: 'Se connecter' }).click()
  const nav = page.getByRole('navigation', { name: 'Navigation principale' })
  await expect(nav).toBeVisible()

  for (const label of ['Demandes', 'Familles', 'Enfants', 'Calendrier', 'Import / Export']) {
    await nav.getByRole('link', { name: label }).click()
    await expect(page.getByRole('heading', { level: 2, name: label })).toBeVisible()
    await expect(page).toHaveTitle(`Marelle — ${label}`)
  }
  await nav.getByRole('link', { name: 'Paramètres' }).click()
  await expect(page.getByRole('heading', { level: 2, name: 'Paramètres' })).toBeVisible()
  await expect(page.getByRole('gridcell', { name: ADMIN.displayName })).toBeVisible()
  await page.screenshot({ path: screenshotPath('03-parametres-comptes') })

  // Keyboard: Alt+1 opens the dashboard.
  await page.keyboard.press('Alt+1')
  await expect(page.getByRole('heading', { level: 2, name: 'Tableau de bord' })).toBeVisible()
  await page.screenshot({ path: screenshotPath('04-tableau-de-bord') })
})

test('an administrator creates an agent account, who can sign in but not manage accounts', async ({
  page,
}) => {
  await signIn(page, host)
  await page.getByRole('link', { name: 'Paramètres' }).click()
  await page.getByRole('button', { name: 'Nouveau compte' }).click()
  const dialog = page.getByRole('dialog', { name: 'Nouveau compte du personnel' })
  await dialog.getByLabel('Identifiant').fill('l.martin')
  await dialog.getByLabel('Nom affiché').fill('Léa Martin')
  await dialog.getByLabel('Mot de passe provisoire').fill('Bienvenue-2026')
  // The change at first sign-in has its own test (auth-session.spec.ts).
  await dialog.getByLabel('À changer à la première connexion').uncheck()
  await page.screenshot({ path: screenshotPath('05-nouveau-compte') })
  await dialog.getByRole('button', { name: 'Créer le compte' }).click()
  await expect(page.getByRole('gridcell', { name: 'Léa Martin' })).toBeVisible()

  await page.getByRole('button', { name: 'Mon compte' }).click()
  await page.getByRole('menuitem', { name: 'Se déconnecter' }).click()
  await page.getByLabel('Identifiant').fill('l.martin')
  await page.getByLabel('Mot de passe').fill('Bienvenue-2026')
  await page.getByRole('button', { name: 'Se connecter' }).click()
  await page.getByRole('link', { name: 'Paramètres' }).click()
  await expect(page.getByRole('tab', { name: 'Mon mot de passe' })).toBeVisible()
  await expect(page.getByRole('tab', { name: 'Comptes du personnel' })).toHaveCount(0)
})

test('an administrator backs the database up from Paramètres, with progress, while the app keeps working', async ({
  page,
}) => {
  await signIn(page, host)
  await page.getByRole('link', { name: 'Paramètres' }).click()
  await page.getByRole('tab', { name: 'À propos' }).click()
  await expect(page.getByText('Base de données')).toBeVisible()
  await page.getByRole('button', { name: 'Sauvegarder maintenant' }).click()
  await expect(page.getByText(/Sauvegarde écrite : .*sauvegarde-.*\.db/)).toBeVisible()
  await page.screenshot({ path: screenshotPath('06-parametres-a-propos-sauvegarde') })
})
