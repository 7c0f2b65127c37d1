import { demoWithTestFamily, type TestFamily } from './families-fixture'
import { expect, type Host, screenshotPath, signIn, startHost, test } from './host'

// A child's departure from its file, then the family out of the working lists
// and still found with « Inclure les familles archivées » (docs/depart-et-archivage.md).

let host: Host
let family: TestFamily

test.describe.configure({ mode: 'serial' })
test.beforeAll(async () => {
  host = await startHost()
  family = await demoWithTestFamily(host, 30)
})
test.afterAll(async () => host.close())

test('the last child’s departure archives the family: out of the list, found when asked for, badge on the file', async ({
  page,
}) => {
  await page.setViewportSize({ width: 1366, height: 900 })
  await signIn(page, host)
  await page.evaluate((hash) => {
    window.location.hash = hash
  }, `#/enfants/${family.childId}?onglet=identite`)
  await page.getByRole('textbox', { name: 'Date de naissance' }).fill('04/05/2019')
  const departure = page.getByRole('textbox', { name: 'Date de départ' })
  await departure.fill('01/01/2001')
  await page.getByRole('button', { name: 'Enregistrer' }).click()
  await expect(page.getByText(/le 01\/01\/2001 est avant la date de naissance/).first()).toBeVisible()
  await page.screenshot({ path: screenshotPath('depart-00-avant-naissance') })
  await departure.fill('27/11/2026')
  await page.getByRole('button', { name: 'Enregistrer' }).click()
  await expect(departure).toHaveValue('27/11/2026')
  await expect(page.getByText('Enregistrement refusé')).toHaveCount(0)
  await page.screenshot({ path: screenshotPath('depart-01-fiche-enfant') })

  await page.getByRole('link', { name: 'Familles' }).click()
  await page.getByLabel('Rechercher').fill('383304832264')
  await expect(page.getByText('Aucun résultat pour « 383304832264 »')).toBeVisible()
  await expect(page.getByText('1 famille archivée correspond aussi.')).toBeVisible()
  await page.getByLabel('Inclure les familles archivées').click()
  const row = page.getByRole('row', { name: /383304832264/ })
  await expect(row).toContainText('Archivée')
  await page.screenshot({ path: screenshotPath('depart-02-familles-archivees') })

  await row.dblclick()
  await expect(page.getByText('Archivée le 27/11/2026')).toBeVisible()
  await page.screenshot({ path: screenshotPath('depart-03-fiche-famille') })
})
