import { execFileSync } from 'node:child_process'
import { readFileSync } from 'node:fs'
import type { Locator, Page } from '@playwright/test'
import iconv from 'iconv-lite'
import { isFormulaTrigger } from '../../src-main/backend/csv/cell-escape'
import { readZip } from '../../src-main/backend/csv/zip-read'
import { parse } from '../unit/csv-arbitraries'
import { ADMIN, createAdmin, expect, type Host, screenshotPath, signIn, startHost, test } from './host'

// The Import / Export screen in Chromium, in the web mode (download and
// upload instead of the desktop dialogs), against a database filled with
// the demo families and one family whose names look like formulas.

let host: Host
const API_SESSION = 'e2e-csv-api-session-0001'
test.describe.configure({ mode: 'serial' })
test.beforeAll(async () => {
  host = await startHost()
  await createAdmin(host)
  execFileSync(process.execPath, ['bin/marelle.js', '--db', host.dbPath, 'demo', '--families', '30'])
  await host.api('auth/login', { login: ADMIN.login, password: ADMIN.password }, API_SESSION)
  await host.api(
    'families/create',
    {
      number: '900000000001',
      responsable: { nom: '=SOMME(1;2)', prenom: '@Jean', mobile: '+41 79 123 45 67', ville: '-Lyon' },
    },
    API_SESSION,
  )
})
test.afterAll(async () => {
  await host.close()
})

/** A window-sized screenshot with `target` scrolled into view (full-page ones break the fixed header). */
async function shot(page: Page, name: string, target?: Locator) {
  await target?.scrollIntoViewIfNeeded()
  await page.screenshot({ path: screenshotPath(name) })
}

async function openScreen(page: Page) {
  await signIn(page, host)
  await page.getByRole('link', { name: 'Import / Export' }).click()
  await expect(page.getByRole('heading', { level: 2, name: 'Import / Export' })).toBeVisible()
}

const family = (number: string) =>
  host.api('families/getByNumber', { number }, API_SESSION) as Promise<{
    id: number
    responsable: { values: Record<string, unknown> }
    children: { firstName: string }[]
  }>

test('exports the families as a .zip that Excel opens right, with no formula', async ({ page }) => {
  await openScreen(page)
  await shot(page, 'csv-01-ecran')
  const downloading = page.waitForEvent('download')
  await page.getByRole('button', { name: 'Exporter' }).click()
  const download = await downloading
  expect(download.suggestedFilename()).toMatch(/^familles-\d{4}-\d{2}-\d{2}\.zip$/)
  await expect(page.getByText('32 familles exportées')).toBeVisible()
  await shot(page, 'csv-02-export-termine')

  const files = [...readZip(readFileSync(await download.path()), 'export.zip')]
  expect(files.map((f) => f.name)).toEqual([
    'familles.csv',
    'responsables.csv',
    'enfants.csv',
    'personnes_autorisees.csv',
    'vaccinations.csv',
    'sante.csv',
  ])
  for (const file of files) {
    expect([...file.data.subarray(0, 3)], `${file.name} starts with a byte-order mark`).toEqual([
      0xef, 0xbb, 0xbf,
    ])
    const text = Buffer.from(file.data).toString('utf8').slice(1)
    expect(text.split('\r\n')[0].split(';').length, `${file.name} header split on ";"`).toBeGreaterThan(4)
    for (const record of parse(text).records)
      for (const cell of record.cells) expect(isFormulaTrigger(cell), cell).toBe(false)
  }
  const guardians = Buffer.from(files[1].data).toString('utf8')
  expect(guardians).toContain(`900000000001;Responsable;;"'=SOMME(1;2)";'@Jean;`)
  expect(guardians).toContain(";'-Lyon;")
  expect(guardians).toContain(";'+41791234567;")
  expect(guardians).toContain('383304832264;Responsable;Monsieur;TEST;TEST;')
})

test('imports a Windows-1252 file with its accents right', async ({ page }) => {
  await openScreen(page)
  const csv = (rows: string[][]) =>
    iconv.encode(`${rows.map((r) => r.join(';')).join('\r\n')}\r\n`, 'windows-1252')
  await page.locator('input[type=file]').setInputFiles([
    {
      name: 'responsables.csv',
      mimeType: 'text/csv',
      buffer: csv([
        ['N° famille', 'Rôle', 'Civilité', 'Nom', 'Prénom', 'Ville', 'Code postal'],
        ['910000000001', 'Responsable', 'Madame', 'Lefèvre-Noël', 'Hélène', 'Saint-Égrève', '38120'],
      ]),
    },
    {
      name: 'enfants.csv',
      mimeType: 'text/csv',
      buffer: csv([
        ['Identifiant', 'N° famille', 'Nom', 'Prénom', 'Date de naissance', 'École'],
        ['920000000001', '910000000001', 'Lefèvre-Noël', 'Zoé', '03/07/2016', 'École Élémentaire'],
      ]),
    },
  ])
  await page.getByRole('button', { name: 'Vérifier les fichiers' }).click()
  const files = page.getByRole('table', { name: 'Fichiers lus' })
  await expect(files.getByRole('row', { name: /responsables\.csv.*Windows-1252/ })).toBeVisible()
  await expect(
    page.getByRole('table', { name: 'Nombre de fiches' }).getByRole('row', { name: /^Enfants 1 0 0$/ }),
  ).toBeVisible()
  await shot(page, 'csv-03-apercu-windows-1252', page.getByRole('button', { name: 'Importer' }))
  await page.getByRole('button', { name: 'Importer' }).click()
  await expect(page.getByText('Import terminé')).toBeVisible()
  await shot(page, 'csv-04-import-termine', page.getByRole('button', { name: 'Nouvel import' }))
  const file = await family('910000000001')
  expect(file.responsable.values).toMatchObject({
    nom: 'Lefèvre-Noël',
    prenom: 'Hélène',
    ville: 'Saint-Égrève',
  })
  // The family file shows the accents as they were typed in the Windows-1252 file.
  await page.goto(`${host.url}#/familles/${file.id}`)
  await expect(
    page.getByRole('heading', { level: 2, name: 'Famille n° 910000000001 · Lefèvre-Noël Hélène' }),
  ).toBeVisible()
  await expect(page.getByText('38120 Saint-Égrève')).toBeVisible()
  await page.getByRole('tab', { name: /Enfants/ }).click()
  await expect(page.getByText('Zoé', { exact: false }).first()).toBeVisible()
  await shot(page, 'csv-05-dossier-famille-importee')
  await page.getByRole('tab', { name: 'Historique' }).click()
  await expect(page.getByRole('table', { name: 'Historique des modifications' })).toContainText(
    'Lefèvre-Noël',
  )
  await shot(page, 'csv-06-historique-import')
})

test('lists every problem of a wrong file in the preview and writes nothing', async ({ page }) => {
  await openScreen(page)
  const children = [
    'Identifiant;N° famille;Nom;Prénom;Date de naissance;PAI',
    '930000000001;999999999999;Martin;Léo;31/02/2016;Non',
    '930000000002;383304832264;Martin;Inès;2016-01-01;Peut-être',
  ].join('\r\n')
  const persons = [
    'Identifiant enfant;Nom;Prénom;Lien de parenté',
    '383306398666;Martin;Paul;Oncle',
    '383306398666;"Martin;Jules;Oncle',
  ].join('\r\n')
  await page.locator('input[type=file]').setInputFiles([
    { name: 'enfants.csv', mimeType: 'text/csv', buffer: Buffer.from(children) },
    { name: 'personnes_autorisees.csv', mimeType: 'text/csv', buffer: Buffer.from(persons) },
  ])
  await page.getByRole('button', { name: 'Vérifier les fichiers' }).click()
  const grid = page.getByRole('grid')
  await expect(grid.getByRole('gridcell', { name: /guillemet ouvert/ })).toBeVisible()
  await expect(
    grid.getByRole('gridcell', { name: '« 31/02/2016 » : date invalide (jj/mm/aaaa).' }),
  ).toBeVisible()
  await expect(
    grid.getByRole('gridcell', { name: '« Peut-être » : valeur attendue : Oui ou Non.' }),
  ).toBeVisible()
  await expect(page.getByRole('button', { name: 'Importer' })).toBeDisabled()
  await expect(page.getByText(/Import impossible : \d+ problèmes à corriger/)).toBeVisible()
  await page.waitForTimeout(300) // AG Grid sizes its rows after the first paint
  await shot(page, 'csv-07-apercu-problemes', page.getByRole('button', { name: 'Importer' }))
  await expect(host.api('families/getByNumber', { number: '999999999999' }, API_SESSION)).rejects.toThrow(
    /introuvable/,
  )
  expect((await family('383304832264')).children.map((c) => c.firstName)).not.toContain('Inès')
})

test('maps the columns of another software’s file, then imports it', async ({ page }) => {
  await openScreen(page)
  const text = [
    "Code famille;Nom du père;Prénom du père;Tel portable;Code Postal;N° enfant;Nom de l'enfant;Prénom de l'enfant;Date naiss.;Observations",
    '940000000001;Garnier;Luc;06 12 34 56 78;38330;950000000001;Garnier;Chloé;12/05/2017;RAS',
    '940000000001;Garnier;Luc;06 12 34 56 78;38330;950000000002;Garnier;Noé;01/09/2019;',
  ].join('\r\n')
  await page
    .locator('input[type=file]')
    .setInputFiles([{ name: 'logiciel-ancien.csv', mimeType: 'text/csv', buffer: Buffer.from(text) }])
  await page.getByRole('button', { name: 'Vérifier les fichiers' }).click()
  const mapping = page.getByRole('table', { name: 'Correspondance des colonnes de logiciel-ancien.csv' })
  await expect(
    mapping.getByRole('combobox', { name: 'Colonne de Marelle pour « Tel portable »' }),
  ).toHaveValue('Responsable › Mobile')
  await expect(
    mapping.getByRole('combobox', { name: 'Colonne de Marelle pour « Observations »' }),
  ).toHaveValue('')
  await expect(page.getByRole('button', { name: 'Importer' })).toBeDisabled()
  await shot(
    page,
    'csv-08-correspondance',
    page.getByText('Correspondance des colonnes : logiciel-ancien.csv'),
  )
  await page.getByRole('button', { name: 'Valider la correspondance' }).click()
  await expect(page.getByText('Correspondance validée')).toBeVisible()
  await expect(page.getByRole('button', { name: 'Importer' })).toBeEnabled()
  await page.getByRole('button', { name: 'Importer' }).click()
  await expect(page.getByText('Import terminé')).toBeVisible()
  await shot(page, 'csv-09-import-autre-logiciel', page.getByRole('button', { name: 'Nouvel import' }))
  const file = await family('940000000001')
  expect(file.responsable.values).toMatchObject({ nom: 'Garnier', mobile: '0612345678' })
  expect(file.children.map((c) => c.firstName).sort()).toEqual(['Chloé', 'Noé'])
})
