import BetterSqlite3 from 'better-sqlite3-multiple-ciphers'
import { demoWithTestFamily } from './families-fixture'
import { expect, type Host, screenshotPath, signIn, startHost, test } from './host'

// « Conservation des données » on the demo (docs/conservation.md): five
// families whose children left four years ago; the administrator prepares a
// plan (counts per table, no name on the screen), looks at it, applies it.

let host: Host
let names: string[]

test.describe.configure({ mode: 'serial' })
test.beforeAll(async () => {
  host = await startHost()
  await demoWithTestFamily(host, 30)
  const sqlite = new BetterSqlite3(host.dbPath)
  const families = sqlite
    .prepare("SELECT id FROM families WHERE number <> '383304832264' ORDER BY id LIMIT 5")
    .pluck()
    .all() as number[]
  sqlite
    .prepare(`UPDATE children SET left_on = '2022-06-30' WHERE family_id IN (${families.join(', ')})`)
    .run()
  names = sqlite
    .prepare(
      `SELECT last_name FROM guardians WHERE family_id IN (${families.join(', ')})
       UNION SELECT email FROM guardians WHERE email IS NOT NULL AND family_id IN (${families.join(', ')})`,
    )
    .pluck()
    .all() as string[]
  sqlite.close()
})
test.afterAll(async () => host.close())

test('an administrator prepares a retention plan, reads its counts, and applies it', async ({ page }) => {
  await page.setViewportSize({ width: 1366, height: 900 })
  await signIn(page, host)
  await page.getByRole('link', { name: 'Conservation des données' }).click()
  await expect(page.getByRole('heading', { name: 'Conservation des données' })).toBeVisible()
  await expect(page.getByText('Aucun plan n’a encore été préparé.')).toBeVisible()
  await page.getByRole('button', { name: 'Préparer un plan' }).click()
  const summary = page.getByRole('table', { name: 'Résumé du plan' })
  await expect(
    summary.getByRole('row', { name: /Familles dont aucun enfant ne reste 5 à anonymiser/ }),
  ).toBeVisible()
  const tables = page.getByRole('table', { name: 'Par table' })
  await expect(tables.getByRole('row', { name: /Responsables guardians Anonymiser/ })).toBeVisible()
  await expect(page.getByText('À appliquer')).toBeVisible()
  const text = (await page.locator('main').textContent()) ?? ''
  for (const name of names) expect(text, name).not.toContain(name)
  await page.screenshot({ path: screenshotPath('conservation-plan'), fullPage: true })

  await page.getByRole('button', { name: /Appliquer le plan n° \d+/ }).click()
  await page.getByRole('button', { name: 'Anonymiser et supprimer' }).click()
  // In a worker thread: the progress shows, then the plan says it is applied.
  await expect(page.getByText(/Appliqué le \d\d\/\d\d\/\d{4}/)).toBeVisible()
  await expect(
    page.getByText(/Sauvegarde prise avant l’application : marelle-avant-conservation-/),
  ).toBeVisible()
  await page.getByRole('heading', { name: 'Plan de conservation' }).scrollIntoViewIfNeeded()
  await page.screenshot({ path: screenshotPath('conservation-applique'), fullPage: false })
  // Out of the search, archived families included.
  const email = names.find((n) => n.includes('@')) as string
  await page.getByRole('link', { name: 'Familles' }).click()
  await expect(page.getByRole('heading', { name: 'Familles' })).toBeVisible()
  await page.getByLabel('Rechercher').fill(email)
  await expect(page.getByText(`Aucun résultat pour « ${email} »`)).toBeVisible()
  await page.getByLabel('Inclure les familles archivées').click()
  await expect(page.getByLabel('Inclure les familles archivées')).toBeChecked()
  await expect(page.getByText(`Aucun résultat pour « ${email} »`)).toBeVisible()
})
