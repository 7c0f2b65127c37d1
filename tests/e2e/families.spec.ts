import { demoWithTestFamily, type TestFamily } from './families-fixture'
import { expect, type Host, screenshotPath, signIn, startHost, test } from './host'

let host: Host
let test_: TestFamily
test.describe.configure({ mode: 'serial' })
test.beforeAll(async () => {
  host = await startHost()
  test_ = await demoWithTestFamily(host)
})
test.afterAll(async () => {
  await host.close()
})

test('search “test”, open the TEST family, change the responsable’s mobile, see it saved and in the history', async ({
  page,
}) => {
  await signIn(page, host)
  await page
    .getByRole('navigation', { name: 'Navigation principale' })
    .getByRole('link', { name: 'Familles' })
    .click()
  await expect(page.getByRole('row').nth(5)).toBeVisible()
  await page.screenshot({ path: screenshotPath('09-familles-liste') })
  await page.getByLabel('Rechercher').fill('test')
  const row = page.getByRole('row', { name: /383304832264/ })
  await expect(row).toContainText('TEST TEST')
  await expect(row).toContainText('MME TEST TEST')
  await page.screenshot({ path: screenshotPath('09-familles-recherche') })
  // Keyboard: Enter in the search box opens the first family found.
  await page.getByLabel('Rechercher').press('Enter')
  await expect(page.getByRole('heading', { name: 'Famille n° 383304832264 · TEST TEST' })).toBeVisible()
  await page.screenshot({ path: screenshotPath('10-famille-responsable'), fullPage: true })
  await page.getByLabel('Mobile').first().fill('06 11 22 33 44')
  await page.getByRole('button', { name: 'Enregistrer le responsable' }).click()
  await expect(page.getByText('Responsable enregistré.')).toBeVisible()
  await expect(page.getByLabel('Mobile').first()).toHaveValue('06 11 22 33 44')
  await page.getByRole('tab', { name: 'Historique' }).click()
  await expect(page.getByRole('cell', { name: /Mobile : \(vide\) → 06 11 22 33 44/ })).toBeVisible()
  await page.screenshot({ path: screenshotPath('11-famille-historique'), fullPage: true })

  // Bank details: a wrong IBAN is refused under its field, in French, nothing saved.
  await page.getByRole('tab', { name: 'Banque' }).click()
  await page.getByLabel('IBAN').fill('FR76 3000 6000 0112 3456 7890 188')
  await page.getByRole('button', { name: 'Enregistrer' }).click()
  await expect(page.getByText('IBAN invalide (vérifiez les chiffres et la clé)')).toBeVisible()
  await page.screenshot({ path: screenshotPath('13-famille-banque-erreur') })
  await page.getByLabel('IBAN').fill('FR76 3000 6000 0112 3456 7890 189')
  await page.getByRole('button', { name: 'Enregistrer' }).click()
  await expect(page.getByText('Coordonnées bancaires enregistrées.')).toBeVisible()

  // A new quotient familial closes the previous one the day before.
  await page.getByRole('tab', { name: 'CAF et QF' }).click()
  await page.getByRole('textbox', { name: 'QF', exact: true }).fill('720')
  await page.getByRole('textbox', { name: 'QF du' }).fill('01/09/2026')
  await page.getByRole('button', { name: 'Enregistrer le quotient' }).click()
  await expect(page.getByText('Quotient familial enregistré.', { exact: true })).toBeVisible()
  await expect(page.getByRole('row', { name: /720 01\/09\/2026 — En cours/ })).toBeVisible()
  await page.screenshot({ path: screenshotPath('14-famille-caf-qf'), fullPage: true })
})

test('the child file: add an authorised person and a vaccination; the checklist says what is missing', async ({
  page,
}) => {
  await signIn(page, host)
  await page.goto(`${host.url}#/enfants/${test_.childId}`)
  await expect(page.getByRole('heading', { name: 'TEST ENFANT' })).toBeVisible()
  await page.screenshot({ path: screenshotPath('20-enfant-identite'), fullPage: true })

  await page.getByRole('tab', { name: 'Personnes autorisées' }).click()
  await expect(page.getByRole('cell', { name: 'VOISNE', exact: true })).toBeVisible()
  await page.getByRole('button', { name: 'Ajouter une personne autorisée' }).click()
  const dialog = page.getByRole('dialog', { name: 'Ajouter une personne autorisée' })
  await dialog.getByRole('textbox', { name: 'Nom', exact: true }).fill('MARTIN')
  await dialog.getByLabel('Prénom').fill('Lucie')
  await dialog.getByRole('combobox', { name: 'Lien de parenté' }).click()
  await page.getByRole('option', { name: 'Tante' }).click()
  await dialog.getByLabel('Mobile').fill('07 81 23')
  await dialog.getByRole('button', { name: 'Enregistrer' }).click()
  await expect(dialog.getByText('numéro invalide')).toBeVisible()
  await page.screenshot({ path: screenshotPath('21-personne-autorisee-erreur') })
  await dialog.getByLabel('Mobile').fill('07 81 23 45 67')
  await dialog.getByRole('button', { name: 'Enregistrer' }).click()
  await expect(page.getByText('Personne autorisée enregistrée.')).toBeVisible()
  await expect(page.getByRole('cell', { name: '07 81 23 45 67', exact: true })).toBeVisible()
  await page.screenshot({ path: screenshotPath('22-personnes-autorisees'), fullPage: true })

  await page.getByRole('tab', { name: 'Santé' }).click()
  await page.getByRole('button', { name: 'Ajouter une vaccination' }).click()
  const vaccination = page.getByRole('dialog', { name: 'Ajouter une vaccination' })
  await vaccination.getByRole('combobox', { name: 'Vaccin' }).fill('Pentacoq')
  await vaccination.getByRole('textbox', { name: 'Date', exact: true }).fill('12/06/2014')
  await vaccination.getByLabel('Date de rappel').fill('01/07/2017')
  await vaccination.getByRole('button', { name: 'Enregistrer' }).click()
  await expect(page.getByText('Vaccination enregistrée.', { exact: true })).toBeVisible()
  await expect(page.getByRole('cell', { name: 'Pentacoq', exact: true })).toBeVisible()
  await expect(page.getByRole('cell', { name: '12/06/2014', exact: true })).toBeVisible()
  await page.screenshot({ path: screenshotPath('23-sante'), fullPage: true })

  await page.getByRole('tab', { name: 'Dossier' }).click()
  await expect(page.getByText('E-mail du responsable : à compléter')).toBeVisible()
  await expect(page.getByRole('button', { name: 'Valider le dossier' })).toBeDisabled()
  await page.screenshot({ path: screenshotPath('24-dossier-incomplet'), fullPage: true })

  await page.getByRole('tab', { name: 'Historique' }).click()
  await expect(page.getByRole('cell', { name: /Vaccin : Pentacoq/ })).toBeVisible()
  await expect(page.getByRole('cell', { name: 'Consultation des données de santé' }).first()).toBeVisible()
  await page.screenshot({ path: screenshotPath('26-enfant-historique'), fullPage: true })
})

test('a stale save shows what changed in between, and the file reloads', async ({ page }) => {
  await signIn(page, host)
  await page.goto(`${host.url}#/familles/${test_.familyId}`)
  await expect(page.getByRole('heading', { name: /Famille n° 383304832264/ })).toBeVisible()
  // Someone else saves the responsable's e-mail while this page shows the old version.
  const family = (await test_.call('families/get', { id: test_.familyId })) as {
    responsable: { version: number }
  }
  await test_.call('families/saveGuardian', {
    familyId: test_.familyId,
    role: 'responsable',
    version: family.responsable.version,
    patch: { email: 'adressereceptionfact@ci.com' },
  })
  await page.getByRole('textbox', { name: 'Profession', exact: true }).fill('Boulanger')
  await page.getByRole('button', { name: 'Enregistrer le responsable' }).click()
  const alert = page.getByRole('alert').filter({ hasText: 'Modifié entre-temps' })
  await expect(alert).toContainText('Email : (vide) → adressereceptionfact@ci.com (Camille Admin')
  await expect(alert).toContainText('Vos modifications n’ont pas été enregistrées')
  await page.screenshot({ path: screenshotPath('12-conflit') })
  await alert.getByRole('button', { name: 'Recharger la fiche' }).click()
  await expect(page.getByRole('textbox', { name: 'Email', exact: true })).toHaveValue(
    'adressereceptionfact@ci.com',
  )
  await expect(page.getByRole('textbox', { name: 'Profession', exact: true })).toHaveValue('')
})

test('an agent, with the default settings, does not see the health tab', async ({ page }) => {
  await test_.call('staff/create', {
    login: 'l.martin',
    displayName: 'Léa Martin',
    role: 'agent',
    password: 'Bienvenue-2026',
    provisional: false,
  })
  await signIn(page, host, 'l.martin', 'Bienvenue-2026')
  await page.goto(`${host.url}#/enfants/${test_.childId}`)
  await expect(page.getByRole('heading', { name: 'TEST ENFANT' })).toBeVisible()
  await expect(page.getByRole('tab', { name: 'Personnes autorisées' })).toBeVisible()
  await expect(page.getByRole('tab', { name: 'Santé' })).toHaveCount(0)
  await page.getByRole('tab', { name: 'Dossier' }).click()
  await expect(page.getByText('Vaccinations obligatoires : à compléter')).toBeVisible()
  await expect(page.getByText(/Manque :/)).toHaveCount(0)
  await page.screenshot({ path: screenshotPath('25-agent-sans-sante') })
})

test('the dashboard counts incomplete files and opens their list', async ({ page }) => {
  const counts = (await test_.call('completeness/counts', {})) as { incomplete: number }
  expect(counts.incomplete).toBeGreaterThan(1)
  await signIn(page, host)
  const card = page.getByLabel('Dossiers d’enfants')
  const button = card.getByRole('button', { name: /dossiers incomplets/ })
  await expect(button).toContainText(counts.incomplete.toLocaleString('fr-FR'))
  await page.screenshot({ path: screenshotPath('30-tableau-de-bord') })
  await button.click()
  await expect(page.getByRole('heading', { name: 'Dossiers d’enfants' })).toBeVisible()
  await expect(page.getByText(`${counts.incomplete} dossiers`)).toBeVisible()
  const first = page.getByRole('row').nth(1)
  await expect(first).toContainText(/Vaccinations|E-mail|Fiche|personne|PAI/)
  const name = (await first.getByRole('gridcell').first().textContent()) ?? ''
  await page.screenshot({ path: screenshotPath('31-dossiers-incomplets') })
  await first.dblclick()
  await expect(page.getByRole('heading', { level: 2, name: new RegExp(`^${name}`) })).toBeVisible()
  await expect(page.getByRole('tab', { name: 'Dossier', selected: true })).toBeVisible()
  await expect(page.getByText(/à compléter/).first()).toBeVisible()

  // A complete file waiting for validation: validated, with who and when.
  await page.goto(`${host.url}#/enfants/dossiers?etat=to_validate`)
  await page.getByRole('row').nth(1).dblclick()
  await page.getByRole('button', { name: 'Valider le dossier' }).click()
  await expect(page.getByText('Dossier validé.', { exact: true })).toBeVisible()
  await expect(
    page.getByText(/Dossier validé le \d{2}\/\d{2}\/\d{4} \d{2}:\d{2} par Camille Admin/),
  ).toBeVisible()
  await page.screenshot({ path: screenshotPath('32-dossier-valide') })
})

test('the administrator chooses which roles see health data', async ({ page }) => {
  await signIn(page, host)
  await page.goto(`${host.url}#/parametres?onglet=donnees`)
  const group = page.getByRole('group', { name: 'Rôles qui voient les données de santé des enfants' })
  await expect(group.getByLabel('Responsable')).toBeChecked()
  await expect(group.getByLabel('Agent')).not.toBeChecked()
  await page.screenshot({ path: screenshotPath('40-parametres-sante') })
})
