import type { Page } from '@playwright/test'
import { demoWithTestFamily, type TestFamily } from './families-fixture'
import { expect, type Host, screenshotPath, signIn, startHost, test } from './host'

// Issue 10, points 17, 18 and 22: the shortcuts of the sidebar on a French
// keyboard, notifications that hide nothing, printing a file on A4.

let host: Host
let family: TestFamily
test.beforeAll(async () => {
  host = await startHost()
  family = await demoWithTestFamily(host)
})
test.afterAll(async () => host.close())
test.use({ viewport: { width: 1366, height: 768 } })

/** Alt + the key of the top row as a French AZERTY keyboard sends it: the key "&" on the code Digit1. */
async function azertyAlt(page: Page, key: string, digit: number) {
  const cdp = await page.context().newCDPSession(page)
  const event = { modifiers: 1, key, code: `Digit${digit}`, windowsVirtualKeyCode: 48 + digit }
  await cdp.send('Input.dispatchKeyEvent', { type: 'keyDown', ...event })
  await cdp.send('Input.dispatchKeyEvent', { type: 'keyUp', ...event })
  await cdp.detach()
}

const overlaps = (
  a: { x: number; y: number; width: number; height: number },
  b: { x: number; y: number; width: number; height: number },
) => a.x < b.x + b.width && b.x < a.x + a.width && a.y < b.y + b.height && b.y < a.y + a.height

test('Alt+1…7 follow the physical key (AZERTY’s "&" is Digit1), also from inside a text field', async ({
  page,
}) => {
  await signIn(page, host)
  const nav = page.getByRole('navigation', { name: 'Navigation principale' })
  await nav.getByRole('link', { name: 'Familles' }).click()
  const search = page.getByLabel('Rechercher')
  await search.fill('test')
  await expect(search).toBeFocused()
  await azertyAlt(page, 'é', 2)
  await expect(page.getByRole('heading', { level: 2, name: 'Demandes' })).toBeVisible()
  await page.getByLabel('Famille', { exact: true }).focus()
  await azertyAlt(page, '&', 1)
  await expect(nav.getByRole('link', { name: 'Tableau de bord' })).toHaveAttribute('aria-current', 'page')
  await azertyAlt(page, '(', 5)
  await expect(nav.getByRole('link', { name: 'Calendrier' })).toHaveAttribute('aria-current', 'page')
})

test('a notification sits over the empty end of the sidebar: not over the user menu, a modal’s close button or the page', async ({
  page,
}) => {
  await signIn(page, host)
  await page.evaluate((id) => {
    window.location.hash = `#/enfants/${id}?onglet=personnes`
  }, family.childId)
  await page.getByRole('button', { name: 'Ajouter une personne autorisée' }).click()
  const dialog = page.getByRole('dialog', { name: 'Ajouter une personne autorisée' })
  await dialog.getByRole('textbox', { name: 'Nom', exact: true }).fill('DUPONT')
  await dialog.getByRole('textbox', { name: 'Prénom', exact: true }).fill('Alice')
  await dialog.getByRole('textbox', { name: 'Mobile', exact: true }).fill('06 12 34 56 78')
  await dialog.getByRole('combobox', { name: 'Lien de parenté' }).fill('Voisin')
  await page.getByRole('option', { name: 'Voisin(e)' }).click()
  await dialog.getByRole('button', { name: 'Enregistrer' }).click()
  const note = page
    .locator('.mantine-Notification-root')
    .filter({ hasText: 'Personne autorisée enregistrée.' })
  await expect(note).toBeVisible()
  const box = (await note.boundingBox())!
  const sidebar = (await page.getByRole('navigation', { name: 'Navigation principale' }).boundingBox())!
  const menu = (await page.getByRole('button', { name: 'Mon compte' }).boundingBox())!
  const lastLink = (await page.getByRole('link', { name: 'Paramètres' }).boundingBox())!
  expect(box.x + box.width).toBeLessThanOrEqual(sidebar.x + sidebar.width)
  expect(box.y).toBeGreaterThan(lastLink.y + lastLink.height)
  expect(overlaps(box, menu)).toBe(false)
  await page.screenshot({ path: screenshotPath('ui-05-notification') })

  // Over an open modal: its close button stays free.
  await page.getByRole('button', { name: 'Ajouter une personne autorisée' }).click()
  const again = page.getByRole('dialog', { name: 'Ajouter une personne autorisée' })
  const close = (await again.locator('.mantine-Modal-close').boundingBox())!
  expect(overlaps(box, close)).toBe(false)
  await again.locator('.mantine-Modal-close').click()
  await expect(again).toHaveCount(0)
})

test('printing a family file or a child’s authorised persons: the page alone, on A4', async ({ page }) => {
  await signIn(page, host)
  await page.evaluate((id) => {
    window.location.hash = `#/familles/${id}?onglet=responsable`
  }, family.familyId)
  const title = page.getByRole('heading', { level: 2, name: /Famille n° 383304832264/ })
  await expect(title).toBeVisible()
  await page.emulateMedia({ media: 'print' })
  await expect(page.getByRole('navigation', { name: 'Navigation principale' })).toBeHidden()
  await expect(page.getByRole('button', { name: 'Mon compte' })).toBeHidden()
  await expect(page.getByRole('button', { name: 'Enregistrer le responsable' })).toBeHidden()
  await expect(page.getByRole('tab', { name: 'Conjoint' })).toBeHidden()
  await expect(page.getByRole('tab', { name: 'Responsable' })).toBeVisible()
  // The page's padding follows the hidden sidebar over a few frames: wait for where it settles.
  await expect.poll(async () => (await title.boundingBox())!.x).toBeLessThan(30)
  await page.screenshot({ path: screenshotPath('ui-06-impression-famille'), fullPage: true })
  await page.pdf({ path: screenshotPath('ui-06-impression-famille').replace('.png', '.pdf'), format: 'A4' })

  await page.emulateMedia({ media: 'screen' })
  await page.evaluate((id) => {
    window.location.hash = `#/enfants/${id}?onglet=personnes`
  }, family.childId)
  await expect(page.getByRole('row', { name: /VOISNE/ })).toBeVisible()
  await page.emulateMedia({ media: 'print' })
  await expect(page.getByRole('navigation', { name: 'Navigation principale' })).toBeHidden()
  await expect(page.getByRole('button', { name: 'Ajouter une personne autorisée' })).toBeHidden()
  await expect(page.getByRole('row', { name: /VOISNE/ })).toBeVisible()
  await page.screenshot({ path: screenshotPath('ui-07-impression-personnes'), fullPage: true })
})
