import { execFileSync } from 'node:child_process'
import { readFileSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { readZip } from '../../src-main/backend/csv/zip-read'
import { demoWithTestFamily, type TestFamily } from './families-fixture'
import { expect, type Host, screenshotPath, signIn, startHost, test } from './host'

// The family file's « Exporter toutes les données (RGPD) » in Chromium, in
// the web mode (the .zip is downloaded): the archive holds the PDF and the
// two JSON files, the PDF names the child and its allergy; an agent without
// the health right is told why it is refused.

let host: Host
let family: TestFamily
test.describe.configure({ mode: 'serial' })
test.beforeAll(async () => {
  host = await startHost()
  family = await demoWithTestFamily(host, 20)
  await family.call('healthConditions/add', {
    childId: family.childId,
    values: { type: 'allergie', libelle: 'Allergie aux arachides', allergene: 'peanuts' },
  })
  await family.call('staff/create', {
    login: 'a.agent',
    displayName: 'Alex Agent',
    role: 'agent',
    password: 'Marelle-2026!',
    provisional: false,
  })
})
test.afterAll(async () => {
  await host.close()
})

test('exports all of the TEST family’s data as one .zip from its file', async ({ page }) => {
  await signIn(page, host)
  await page.goto(`${host.url}#/familles/${family.familyId}`)
  const button = page.getByRole('button', { name: 'Exporter toutes les données (RGPD)' })
  await expect(button).toBeVisible()
  await page.screenshot({ path: screenshotPath('access-export-01-dossier') })
  const downloading = page.waitForEvent('download')
  await button.click()
  const download = await downloading
  expect(download.suggestedFilename()).toMatch(/^droit-d-acces-383304832264-\d{4}-\d{2}-\d{2}\.zip$/)
  await expect(page.getByText('Données de la famille exportées')).toBeVisible()
  await expect(page.getByText('famille-383304832264.pdf')).toBeVisible()
  await page.screenshot({ path: screenshotPath('access-export-02-termine') })

  const files = new Map(
    [...readZip(readFileSync(await download.path()), 'export.zip')].map((f) => [f.name, f]),
  )
  expect([...files.keys()].sort()).toEqual([
    'famille-383304832264.json',
    'famille-383304832264.pdf',
    'journal-383304832264.json',
  ])
  const pdf = join(host.dir, 'droit-d-acces.pdf')
  writeFileSync(pdf, files.get('famille-383304832264.pdf')!.data)
  const text = execFileSync('pdftotext', ['-raw', pdf, '-'], { encoding: 'utf8' }).replace(/\s+/g, ' ')
  // pdftotext may drop the space after the colon (kerning).
  expect(text).toMatch(/Enfant : ?TEST ENFANT/)
  expect(text).toContain('Allergie aux arachides')
  const data = JSON.parse(Buffer.from(files.get('famille-383304832264.json')!.data).toString('utf8'))
  expect(data.famille.n_famille).toBe('383304832264')
  expect(data.produit_par).toBe('Camille Admin')
})

test('tells an agent without the health right why the export is refused', async ({ page }) => {
  await signIn(page, host, 'a.agent', 'Marelle-2026!')
  await page.goto(`${host.url}#/familles/${family.familyId}`)
  await page.getByRole('button', { name: 'Exporter toutes les données (RGPD)' }).click()
  await expect(
    page.getByRole('alert').filter({ hasText: 'Votre rôle ne permet pas de voir les données de santé' }),
  ).toBeVisible()
  await page.screenshot({ path: screenshotPath('access-export-03-refus-agent') })
})
