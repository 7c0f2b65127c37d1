import type { Page } from '@playwright/test'
import { demoWithTestFamily, type TestFamily } from './families-fixture'
import { expect, type Host, screenshotPath, signIn, startHost, test } from './host'

// Issue 10, points 5, 6, 7, 8 and 16: the family's and the child's forms at
// 1366×768, the most common screen of a mairie's desktop.

let host: Host
let family: TestFamily
test.beforeAll(async () => {
  host = await startHost()
  family = await demoWithTestFamily(host)
})
test.afterAll(async () => host.close())
test.use({ viewport: { width: 1366, height: 768 } })

const open = (page: Page, path: string) =>
  page.evaluate((hash) => {
    window.location.hash = hash
  }, path)

/** The element's top, in pixels from the top of the window. */
const topOf = async (page: Page, name: string) => {
  const box = await page.getByRole('textbox', { name, exact: true }).boundingBox()
  return box?.y ?? -1
}

test('the responsable’s form: save bar in sight, Ctrl+S, the phone refused for its real reason, the field shown below the header', async ({
  page,
}) => {
  await signIn(page, host)
  await open(page, `#/familles/${family.familyId}?onglet=responsable`)
  const save = page.getByRole('button', { name: 'Enregistrer le responsable' })
  // Without scrolling, although the form is longer than the window.
  await expect(save).toBeInViewport()
  const scrollable = await page.evaluate(() => document.documentElement.scrollHeight > window.innerHeight)
  expect(scrollable).toBe(true)
  await page.screenshot({ path: screenshotPath('ui-01-famille-responsable-1366') })

  await page.getByRole('textbox', { name: 'Mobile', exact: true }).fill('07 07 07 07 07')
  // From the bottom of the form, the field in error is far above.
  await page.evaluate(() => window.scrollTo(0, document.documentElement.scrollHeight))
  await page.getByRole('textbox', { name: 'Profession', exact: true }).focus()
  await page.keyboard.press('Control+KeyS')
  await expect(
    page.getByText('numéro inexistant : aucun numéro français ne commence par 07 07 (vérifiez-le)'),
  ).toBeVisible()
  await expect(page.getByRole('alert').filter({ hasText: 'Enregistrement refusé' })).toHaveText(
    'Enregistrement refusé : champ à corriger — Mobile.',
  )
  await expect(page.getByRole('textbox', { name: 'Mobile', exact: true })).toBeFocused()
  // Below the 56-pixel header, not under it.
  expect(await topOf(page, 'Mobile')).toBeGreaterThanOrEqual(56)
  await page.screenshot({ path: screenshotPath('ui-02-famille-telephone-refuse') })

  await page.getByRole('textbox', { name: 'Mobile', exact: true }).fill('06 11 22 33 44')
  await page.keyboard.press('Control+KeyS')
  await expect(page.getByText('Responsable enregistré.')).toBeVisible()
  await expect(page.getByRole('alert').filter({ hasText: 'Enregistrement refusé' })).toHaveCount(0)
})

test('an impossible day stays as typed and says « date invalide »; Prélèvement : Oui names what the mandate lacks', async ({
  page,
}) => {
  await signIn(page, host)
  await open(page, `#/familles/${family.familyId}?onglet=banque`)
  const mandate = page.getByRole('textbox', { name: 'Date du mandat' })
  await mandate.fill('31/02/2026')
  await mandate.press('Tab')
  await expect(mandate).toHaveValue('31/02/2026')
  await expect(page.getByText('date invalide : ce jour n’existe pas')).toBeVisible()
  await mandate.fill('')

  await page.getByRole('textbox', { name: 'RUM' }).fill('')
  await page.getByRole('switch', { name: 'Prélèvement' }).check({ force: true })
  await page.getByRole('button', { name: 'Enregistrer' }).click()
  await expect(page.getByText('obligatoire pour le prélèvement').first()).toBeVisible()
  await expect(page.getByRole('alert').filter({ hasText: 'Enregistrement refusé' })).toContainText(
    /champs à corriger — .*RUM, Date du mandat\./,
  )
  await page.screenshot({ path: screenshotPath('ui-03-famille-prelevement-incomplet') })

  // The same day field everywhere a day is typed: QF du.
  await page.getByRole('tab', { name: 'CAF et QF' }).click()
  const from = page.getByRole('textbox', { name: 'QF du' })
  await from.fill('31/02/2026')
  await from.press('Tab')
  await expect(from).toHaveValue('31/02/2026')
  await expect(page.getByText('date invalide : ce jour n’existe pas')).toBeVisible()
})

test('the child’s file: a birth and a health form cannot be after today; an overdue booster is flagged', async ({
  page,
}) => {
  await family.call('vaccinations/add', {
    childId: family.childId,
    values: { vaccin: 'Pentacoq', date: '12/06/2014', date_rappel: '01/07/2017' },
  })
  await signIn(page, host)
  await open(page, `#/enfants/${family.childId}?onglet=identite`)
  const born = page.getByRole('textbox', { name: 'Date de naissance' })
  await born.fill('31/02/2026')
  await born.press('Tab')
  await expect(born).toHaveValue('31/02/2026')
  await expect(page.getByText('date invalide : ce jour n’existe pas')).toBeVisible()
  await born.fill('04/05/2031')
  await page.keyboard.press('Control+KeyS')
  await expect(page.getByText('ne peut pas être après aujourd’hui')).toBeVisible()
  await expect(page.getByRole('button', { name: 'Enregistrer' })).toBeInViewport()

  await page.getByRole('tab', { name: 'Santé' }).click()
  await expect(page.getByRole('status').filter({ hasText: 'Rappel de vaccin en retard' })).toContainText(
    'Pentacoq : rappel prévu le 01/07/2017',
  )
  await expect(page.getByRole('row', { name: /Pentacoq/ })).toContainText('Rappel en retard')
  const form = page.getByRole('textbox', { name: 'Fiche sanitaire remplie le' })
  await form.fill('15/01/2030')
  await form.press('Control+KeyS')
  await expect(page.getByText('ne peut pas être après aujourd’hui')).toBeVisible()
  await expect(form).toBeFocused()
  expect(await topOf(page, 'Fiche sanitaire remplie le')).toBeGreaterThanOrEqual(56)
  await page.screenshot({ path: screenshotPath('ui-04-enfant-sante-1366') })
})
