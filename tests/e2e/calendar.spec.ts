import { join } from 'node:path'
import type { Locator, Page } from '@playwright/test'
import { createAdmin, expect, type Host, screenshotPath, signIn, startHost, test } from './host'

// Calendrier: a structure and its service set up by hand, the official school
// calendar imported with its preview, a closure (docs/calendrier.md).

const FIXTURES = join(import.meta.dirname, '../fixtures/calendar')
let host: Host

test.describe.configure({ mode: 'serial' })
test.beforeAll(async () => {
  host = await startHost()
  await createAdmin(host)
})
test.afterAll(async () => host.close())

async function shot(page: Page, name: string, target?: Locator) {
  await target?.scrollIntoViewIfNeeded()
  await page.screenshot({ path: screenshotPath(name) })
}

async function openCalendar(page: Page) {
  await signIn(page, host)
  await page
    .getByRole('navigation', { name: 'Navigation principale' })
    .getByRole('link', { name: 'Calendrier' })
    .click()
  await expect(page.getByRole('heading', { level: 2, name: 'Calendrier' })).toBeVisible()
}

test('set up a structure and its service, with deadlines, from the keyboard and the mouse', async ({
  page,
}) => {
  await openCalendar(page)
  await expect(page.getByText('Aucune structure.')).toBeVisible()

  await page.getByRole('button', { name: 'Nouvelle structure' }).click()
  const structureDialog = page.getByRole('dialog', { name: 'Nouvelle structure' })
  await structureDialog.getByLabel('Nom de la structure').fill('Ecoles de Biviers - Périscolaire')
  await structureDialog.getByLabel('Nom de la structure').press('Enter')
  await expect(structureDialog).toBeHidden()
  const card = page.getByRole('region', { name: 'Ecoles de Biviers - Périscolaire' })
  await expect(card.getByText('Zone A')).toBeVisible()
  // The shipped calendar stops with the summer of 2026: the screen says so, and how to import.
  await expect(page.getByRole('status').filter({ hasText: 'Vacances scolaires inconnues' })).toContainText(
    'importez-le dans Calendrier → Vacances scolaires',
  )

  await card.getByRole('button', { name: 'Nouveau service' }).click()
  const dialog = page.getByRole('dialog', { name: /Nouveau service/ })
  await dialog.getByLabel('Nom du service').fill('Périscolaire matin')
  await dialog.getByLabel('Code').fill('PERI-MATIN')
  await dialog.getByLabel('Capacité par jour').fill('30')
  await dialog.getByRole('combobox', { name: 'Délai de réservation : type' }).click()
  await page.getByRole('option', { name: 'Un jour de la semaine précédente' }).click()
  await dialog.getByRole('textbox', { name: 'Délai de réservation : heure' }).fill('12:00')
  await dialog.getByRole('combobox', { name: 'Délai d’annulation : type' }).click()
  await page.getByRole('option', { name: 'N jours avant, à une heure' }).click()
  await expect(dialog.getByText('2 jours ouvrés avant, à 18 h 00')).toBeVisible()
  await dialog.getByRole('button', { name: 'Ajouter une période' }).click()
  await dialog.getByRole('textbox', { name: 'Du', exact: true }).fill('06/07/2026')
  await dialog.getByRole('textbox', { name: 'Au', exact: true }).fill('31/08/2026')
  await dialog.getByLabel('Places').fill('12')
  await shot(page, 'calendrier-1-service', dialog)
  await dialog.getByRole('button', { name: 'Enregistrer' }).click()
  await expect(dialog).toBeHidden()

  const services = page.getByRole('table', { name: 'Services de Ecoles de Biviers - Périscolaire' })
  const row = services.getByRole('row', { name: /Périscolaire matin/ })
  await expect(row).toContainText('PERI-MATIN')
  await expect(row).toContainText('Lu Ma Me Je Ve')
  await expect(row).toContainText('30 places (+ 1 période(s))')
  await expect(row).toContainText('Réserver : le jeudi de la semaine précédente, à 12 h 00')
  await expect(row).toContainText('Annuler : 2 jours ouvrés avant, à 18 h 00')

  // A second service with the same code is refused, naming the field.
  await card.getByRole('button', { name: 'Nouveau service' }).click()
  const second = page.getByRole('dialog', { name: /Nouveau service/ })
  await second.getByLabel('Nom du service').fill('Repas')
  await second.getByLabel('Code').fill('PERI-MATIN')
  await second.getByRole('button', { name: 'Enregistrer' }).click()
  await expect(second.getByRole('alert')).toContainText('Code : un autre service a déjà ce code')
  await second.getByLabel('Code').fill('REPAS')
  await second.getByRole('button', { name: 'Enregistrer' }).click()
  await expect(second).toBeHidden()
  await expect(services.getByRole('row', { name: /Repas/ })).toBeVisible()
  await shot(page, 'calendrier-2-structures', card)
})

test('school holidays: the shipped year, then the official file imported after its preview', async ({
  page,
}) => {
  await openCalendar(page)
  await page.getByRole('tab', { name: 'Vacances scolaires' }).click()
  await page.getByRole('combobox', { name: 'Année scolaire' }).click()
  await page.getByRole('option', { name: '2025-2026' }).click()
  const table = page.getByRole('table', { name: 'Vacances scolaires A 2025-2026' })
  await expect(table.getByRole('row', { name: /Vacances de la Toussaint/ })).toContainText('18/10/2025')
  await expect(table.getByRole('row', { name: /Vacances de la Toussaint/ })).toContainText('03/11/2025')
  await expect(table.getByRole('row', { name: /Vacances d'Été/ })).toContainText(
    'du 04/07/2026 au 31/08/2026',
  )

  await page.locator('input[type=file]').setInputFiles(join(FIXTURES, 'calendrier-api.csv'))
  const dialog = page.getByRole('dialog', { name: 'Import du calendrier scolaire officiel' })
  await expect(dialog).toContainText('18 enregistrement(s) lus, 8 période(s)')
  const preview = dialog.getByRole('table', { name: 'Aperçu de l’import' })
  await expect(preview.getByRole('row')).toHaveCount(9)
  await expect(preview.getByRole('row', { name: /Pont de l'Ascension/ })).toContainText('05/05/2027')
  await expect(dialog).toContainText('3 enregistrement(s) laissé(s) de côté')
  await shot(page, 'calendrier-3-import-apercu')
  await dialog.getByRole('button', { name: 'Importer 8 période(s)' }).click()
  await expect(dialog).toBeHidden()
  await expect(page.getByText('8 période(s) ajoutée(s), 0 corrigée(s), 0 déjà connue(s).')).toBeVisible()

  await page.getByRole('combobox', { name: 'Année scolaire' }).click()
  await page.getByRole('option', { name: '2026-2027' }).click()
  const next = page.getByRole('table', { name: 'Vacances scolaires A 2026-2027' })
  await expect(next.getByRole('row')).toHaveCount(7)
  await expect(next.getByRole('row', { name: /Vacances d'Été/ })).toContainText('non publiée')
  // Only the year after is still unknown.
  await expect(page.getByRole('status').first()).toContainText('l’année scolaire 2027-2028')

  // The same file again: nothing to write.
  await page.locator('input[type=file]').setInputFiles(join(FIXTURES, 'calendrier-api.csv'))
  await expect(dialog).toContainText('0 nouvelle(s), 0 modifiée(s), 8 déjà connue(s)')
  await expect(dialog.getByRole('button', { name: /^Importer/ })).toHaveCount(0)
  await dialog.getByRole('button', { name: 'Fermer' }).click()
})

test('a closure of the structure over two days, with its reason', async ({ page }) => {
  await openCalendar(page)
  await page.getByRole('tab', { name: 'Fermetures et ouvertures' }).click()
  await page.getByRole('button', { name: 'Nouvelle fermeture ou ouverture' }).click()
  const dialog = page.getByRole('dialog', { name: 'Nouvelle fermeture ou ouverture exceptionnelle' })
  await dialog.getByRole('textbox', { name: 'Du', exact: true }).fill('12/10/2026')
  await dialog.getByRole('textbox', { name: 'Au', exact: true }).fill('13/10/2026')
  await dialog.getByRole('button', { name: 'Enregistrer' }).click()
  await expect(dialog.getByRole('alert')).toContainText('Motif : obligatoire pour une fermeture')
  await dialog.getByLabel('Motif').fill('Travaux de la cantine')
  await dialog.getByRole('button', { name: 'Enregistrer' }).click()
  await expect(dialog).toBeHidden()
  const row = page
    .getByRole('table', { name: 'Fermetures et ouvertures' })
    .getByRole('row', { name: /Travaux/ })
  await expect(row).toContainText('Toute la structure')
  await expect(row).toContainText('12/10/2026')
  await expect(page.getByText(/Fête Nationale/)).toBeVisible()
  await shot(page, 'calendrier-4-fermetures')
})
