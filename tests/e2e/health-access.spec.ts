import { demoWithTestFamily, type TestFamily } from './families-fixture'
import { expect, type Host, screenshotPath, signIn, startHost, test } from './host'

// « Accès aux données de santé » (docs/donnees-de-sante.md): the administrator
// sees who opened which child's health data and from where, filters, exports.

let host: Host
let family: TestFamily

test.describe.configure({ mode: 'serial' })
test.beforeAll(async () => {
  host = await startHost()
  family = await demoWithTestFamily(host, 30)
  // Another screen opened the TEST child's file (the fixture already did once, by its Identifiant).
  await family.call('children/get', { id: family.childId })
})
test.afterAll(async () => host.close())

test('an administrator reads the access log, filters it by family and exports it as CSV', async ({
  page,
}) => {
  await page.setViewportSize({ width: 1366, height: 900 })
  await signIn(page, host)
  await page.getByRole('link', { name: 'Accès aux données de santé' }).click()
  await expect(page.getByRole('heading', { name: 'Accès aux données de santé' })).toBeVisible()
  const table = page.getByRole('table', { name: 'Accès aux données de santé' })
  const read = table.getByRole('row', { name: /TEST ENFANT.*383304832264/ }).first()
  await expect(read).toContainText('Consultation des données de santé (fiche de l’enfant)')
  await expect(read).toContainText('Écran (children/get)')
  await expect(read).toContainText('Camille Admin')

  await page.getByRole('textbox', { name: 'N° famille' }).fill('383304832264')
  await page.getByRole('button', { name: 'Filtrer' }).click()
  // The header and the two openings.
  await expect(table.getByRole('row')).toHaveCount(3)
  await expect(table.getByRole('row', { name: /children\/getByIdentifier/ })).toHaveCount(1)
  await page.screenshot({ path: screenshotPath('acces-sante-01-journal') })

  const download = page.waitForEvent('download')
  await page.getByRole('button', { name: 'Exporter en CSV' }).click()
  expect((await download).suggestedFilename()).toMatch(/^acces-donnees-de-sante-\d{4}-\d{2}-\d{2}\.csv$/)
  await expect(page.getByText(/2 ligne\(s\) exportée\(s\)/)).toBeVisible()
  await page.screenshot({ path: screenshotPath('acces-sante-02-export') })
})
