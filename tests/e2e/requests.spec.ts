import { execFileSync } from 'node:child_process'
import { readFileSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import BetterSqlite3 from 'better-sqlite3-multiple-ciphers'
import { SEED_PENDING_REQUESTS } from '../../src-main/backend/requests/seed-requests'
import { ADMIN, createAdmin, expect, type Host, screenshotPath, signIn, startHost, test } from './host'

// The seed's three requests of 03/07/2017: the responsable's e-mail (the example of
// docs/demandes-portail.md) and the Pentacoq vaccination with its booster, which the demo data
// already holds as pending, and deleting the authorised person VOISNE TEST.
const SEED_REQUESTS = [
  ...SEED_PENDING_REQUESTS,
  {
    ref: 'P-20170703-000019',
    submitted_at: '2017-07-03T10:25:00+02:00',
    family: '383304832264',
    child: '383306398666',
    kind: 'authorized_person.delete',
    payload: { nom: 'VOISNE', prenom: 'TEST' },
  },
]
const REFUSAL =
  'Merci de nous transmettre une copie du carnet de vaccination : la date du Pentacoq est illisible.'

let host: Host
const SESSION = 'e2e-setup-session-0001'
const api = <T>(channel: string, input: unknown) => host.api(channel, input, SESSION) as Promise<T>

/** The seed's TEST family, from the demo command (with no synthetic family), as an administrator would. */
function createTestFamily(): number {
  execFileSync(process.execPath, ['bin/marelle.js', '--db', host.dbPath, 'demo', '--families', '0'])
  const db = new BetterSqlite3(host.dbPath, { readonly: true })
  const id = db.prepare("SELECT id FROM families WHERE number = '383304832264'").pluck().get() as number
  db.close()
  return id
}

test.describe.configure({ mode: 'serial' })
test.beforeAll(async () => {
  host = await startHost()
  await createAdmin(host)
})
test.afterAll(async () => host.close())

test('import the seed’s requests, validate the e-mail, refuse the vaccination, export the decisions', async ({
  page,
}) => {
  const familyId = createTestFamily()
  const file = join(host.dir, 'portail-2017-07-03.jsonl')
  writeFileSync(file, `${SEED_REQUESTS.map((r) => JSON.stringify(r)).join('\n')}\n`)

  await signIn(page, host)
  await page
    .getByRole('navigation', { name: 'Navigation principale' })
    .getByRole('link', { name: 'Demandes' })
    .click()
  await expect(page.getByRole('heading', { level: 2, name: 'Demandes' })).toBeVisible()

  // Import through the file picker; the summary lists what came in.
  await page.locator('input[type=file]').setInputFiles(file)
  const imported = page.getByRole('dialog', { name: 'Import des demandes du portail' })
  // The demo already holds the e-mail and the vaccination: the same refs are not imported twice.
  await expect(imported.getByText('1 demande(s) importée(s), 2 déjà connue(s).')).toBeVisible()
  await page.screenshot({ path: screenshotPath('requests-01-import') })
  await imported.getByRole('button', { name: 'Fermer' }).click()

  const rows = page.locator('.ag-row')
  await expect(rows).toHaveCount(3)
  await expect(page.getByText('3 en attente')).toBeVisible()

  // The e-mail: current and seen empty, requested the new address.
  await rows.filter({ hasText: 'Modification du responsable' }).click()
  const lines = page.getByRole('table', { name: 'Lignes de la demande' })
  await expect(lines.getByRole('row', { name: /Email/ })).toContainText('adressereceptionfact@ci.com')
  await expect(page.getByLabel('Réponse à la famille')).toHaveValue(/Bonjour Monsieur TEST TEST/)
  await page.waitForTimeout(300)
  await page.screenshot({ path: screenshotPath('requests-02-revue-email') })
  await page.keyboard.press('Alt+V')
  await expect(page.getByText('Demande P-20170703-000017 validée.')).toBeVisible()
  await expect(page.getByText('Réponse envoyée à la famille')).toBeVisible()

  // Next request with the keyboard: the vaccination, refused with a reply typed without the mouse.
  await page.keyboard.press('Alt+ArrowDown')
  await expect(page.getByRole('heading', { name: 'Ajout d’une vaccination' })).toBeVisible()
  await expect(lines.getByRole('row', { name: /Date de rappel/ })).toContainText('01/07/2017')
  await page.keyboard.press('Alt+E')
  await expect(page.getByLabel('Réponse à la famille')).toBeFocused()
  await page.keyboard.press('ControlOrMeta+A')
  await page.keyboard.type(REFUSAL)
  await page.screenshot({ path: screenshotPath('requests-03-refus-vaccination') })
  await page.keyboard.press('Alt+R')
  await expect(page.getByText('Demande P-20170703-000018 refusée.')).toBeVisible()

  // The deletion: the record as it is now, which would go away.
  await page.keyboard.press('Alt+ArrowDown')
  await expect(page.getByText('Fiche supprimée si la demande est validée')).toBeVisible()
  await page.waitForTimeout(300)
  await page.screenshot({ path: screenshotPath('requests-04-suppression-personne') })

  // The family file and its audit trail reflect the decisions, naming the request.
  const familyFile = await api<{ responsable: { values: { email: string } } }>('families/get', {
    id: familyId,
  })
  expect(familyFile.responsable.values.email).toBe('adressereceptionfact@ci.com')
  const childFile = await api<{
    id: number
    health: { vaccinations: unknown[] }
    authorizedPersons: unknown[]
  }>('children/getByIdentifier', { identifier: '383306398666' })
  expect(childFile.health.vaccinations).toEqual([])
  expect(childFile.authorizedPersons).toHaveLength(2)
  const audit = await api<
    { action: string; actionLabel: string; requestRef: string | null; actor: string; changes: unknown[] }[]
  >('audit/list', { familyId })
  expect(audit.find((e) => e.action === 'guardian.update')).toMatchObject({
    requestRef: 'P-20170703-000017',
    actor: ADMIN.displayName,
    changes: [{ field: 'email', before: null, after: 'adressereceptionfact@ci.com' }],
  })
  const decided = audit.filter((e) => e.action === 'request.decide')
  expect(decided.every((e) => e.actionLabel === 'Décision sur la demande')).toBe(true)
  expect(decided.map((e) => e.requestRef)).toEqual(['P-20170703-000018', 'P-20170703-000017'])
  expect(audit.some((e) => e.action === 'vaccination.create')).toBe(false)

  // The same, as staff see them: the family file, its history, the child's health data.
  await page.goto(`${host.url}#/familles/${familyId}`)
  await expect(page.getByRole('heading', { name: /Famille n° 383304832264/ })).toBeVisible()
  await expect(page.getByRole('textbox', { name: 'Email', exact: true })).toHaveValue(
    'adressereceptionfact@ci.com',
  )
  await page.getByRole('tab', { name: /Demandes en attente/ }).click()
  await expect(page.getByRole('table', { name: 'Demandes en attente' })).toContainText('P-20170703-000019')
  await page.getByRole('tab', { name: 'Historique' }).click()
  const history = page.getByRole('table', { name: 'Historique des modifications' })
  await expect(history.getByRole('row').filter({ hasText: 'Email' })).toContainText(
    'Demande P-20170703-000017',
  )
  await expect(history.getByRole('row').filter({ hasText: 'Décision sur la demande' })).toHaveCount(2)
  await page.screenshot({ path: screenshotPath('requests-05-famille-historique'), fullPage: true })
  await page.goto(`${host.url}#/enfants/${childFile.id}`)
  await page.getByRole('tab', { name: 'Santé' }).click()
  await expect(page.getByText('Pentacoq')).toHaveCount(0)
  await page.screenshot({ path: screenshotPath('requests-06-enfant-sante'), fullPage: true })
  await page.getByRole('link', { name: 'Demandes' }).click()

  // The decisions export, downloaded from the screen.
  await page.getByRole('button', { name: 'Exporter les décisions' }).click()
  const exportDialog = page.getByRole('dialog', { name: 'Exporter les décisions pour le portail' })
  const downloading = page.waitForEvent('download')
  await exportDialog.getByRole('button', { name: 'Exporter' }).click()
  const download = await downloading
  await expect(exportDialog.getByRole('status')).toContainText('2 décision(s) exportée(s)')
  await page.screenshot({ path: screenshotPath('requests-07-export-decisions') })
  const decisions = readFileSync(await download.path(), 'utf8')
    .trimEnd()
    .split('\n')
    .map((l) => JSON.parse(l))
  expect(decisions.map((d) => [d.ref, d.state])).toEqual([
    ['P-20170703-000017', 'validée'],
    ['P-20170703-000018', 'refusée'],
  ])
  expect(decisions[1].reply).toBe(REFUSAL)
  await exportDialog.getByRole('button', { name: 'Fermer' }).click()

  // The dashboard counts what is left.
  await page.keyboard.press('Alt+1')
  const card = page.getByLabel('Demandes en attente')
  await expect(card).toContainText('1 demande(s) en attente')
  await expect(card).toContainText('Suppression d’une personne autorisée')
  await page.screenshot({ path: screenshotPath('requests-08-tableau-de-bord') })
})

test('a request typed from a phone call enters the queue; a bad field is named', async ({ page }) => {
  await signIn(page, host)
  await page.getByRole('link', { name: 'Demandes' }).click()
  await page.getByRole('button', { name: 'Saisir une demande' }).click()
  const dialog = page.getByRole('dialog', { name: 'Nouvelle demande reçue sur papier ou par téléphone' })
  await dialog.getByText('Téléphone', { exact: true }).click()
  await dialog.getByLabel('N° famille').fill('383304832264')
  await expect(dialog.getByText('TEST TEST')).toBeVisible()
  await dialog.getByLabel('Mobile').fill('06 12')
  await dialog.getByRole('button', { name: 'Ajouter à la file' }).click()
  await expect(dialog.getByText('numéro invalide (10 chiffres commençant par 0, ou +33…)')).toBeVisible()
  await dialog.getByLabel('Mobile').fill('06 11 22 33 44')
  await dialog.getByLabel('Commentaire').fill('Appel de M. TEST le matin')
  await dialog.getByLabel('N° famille').scrollIntoViewIfNeeded()
  await page.screenshot({ path: screenshotPath('requests-09-saisie-telephone') })
  await dialog.getByRole('button', { name: 'Ajouter à la file' }).click()
  await expect(page.getByText(/^Demande M-\d{8}-000001 ajoutée à la file\.$/)).toBeVisible()
  const row = page.locator('.ag-row').filter({ has: page.getByRole('img', { name: 'Téléphone' }) })
  await expect(row).toContainText('Modification du responsable')

  // A paper form about the child: the child is chosen among the family's, required fields checked.
  await page.getByRole('button', { name: 'Saisir une demande' }).click()
  await dialog.getByLabel('N° famille').fill('383304832264')
  await dialog.getByLabel('Type de demande').click()
  await page.getByRole('option', { name: 'Ajout d’une personne autorisée' }).click()
  // The family's only child is already chosen (issue 10 point 11).
  await expect(dialog.getByRole('combobox', { name: 'Enfant', exact: true })).toHaveValue(/TEST ENFANT/)
  await dialog.getByRole('textbox', { name: /^Nom\b/ }).fill('DUPONT')
  await dialog.getByRole('combobox', { name: 'Lien de parenté' }).click()
  await page.getByRole('option', { name: 'Oncle' }).click()
  await dialog.getByRole('button', { name: 'Ajouter à la file' }).click()
  await expect(page.getByText(/^Demande M-\d{8}-000002 ajoutée à la file\.$/)).toBeVisible()
  await expect(
    page.locator('.ag-row').filter({ has: page.getByRole('img', { name: 'Papier' }) }),
  ).toContainText('Ajout d’une personne autorisée')
})

test('a conflict is marked, a value corrected and a line refused; bulk validation skips what needs an eye', async ({
  page,
}) => {
  const lines = [
    {
      ref: 'P-20170710-000001',
      submitted_at: '2017-07-10T09:00:00+02:00',
      family: '383304832264',
      kind: 'responsable.update',
      seen: { ville: 'MEYLAN' },
      payload: { email: 'famille.test@ci.con', ville: 'Biviers', profession: 'Boulanger' },
    },
    {
      ref: 'P-20170710-000002',
      submitted_at: '2017-07-10T09:05:00+02:00',
      family: '383304832264',
      kind: 'fiscal.update',
      payload: { nombre_de_parts: '2,5' },
    },
    {
      ref: 'P-20170710-000003',
      submitted_at: '2017-07-10T09:10:00+02:00',
      family: '383304832264',
      kind: 'bank.update',
      payload: { iban: 'FR76 3000 6000 0112 3456 7890 189' },
    },
  ]
  const file = join(host.dir, 'portail-2017-07-10.jsonl')
  writeFileSync(file, `${lines.map((l) => JSON.stringify(l)).join('\n')}\n`)
  await signIn(page, host)
  await page.getByRole('link', { name: 'Demandes' }).click()
  await page.locator('input[type=file]').setInputFiles(file)
  await page.getByRole('dialog').getByRole('button', { name: 'Fermer' }).click()

  await page.locator('.ag-row').filter({ hasText: 'Modification du responsable' }).first().click()
  await expect(page.getByText('P-20170710-000001')).toBeVisible()
  const table = page.getByRole('table', { name: 'Lignes de la demande' })
  await expect(table.locator('tr[data-conflict]')).toContainText('Ville')
  await table.getByRole('button', { name: 'Corriger : Email' }).click()
  await page.getByLabel('Valeur corrigée : Email').fill('famille.test@ci.com')
  await page.getByLabel('Décision : Profession').getByText('Refuser').click()
  await page.getByLabel('Motif du refus : Profession').fill('à justifier par une attestation')
  await expect(page.getByLabel('Réponse à la famille')).toHaveValue(
    /Profession : à justifier par une attestation/,
  )
  await page.waitForTimeout(300)
  await page.screenshot({ path: screenshotPath('requests-10-conflit-correction'), fullPage: true })
  await page.getByRole('button', { name: 'Valider', exact: true }).click()
  await expect(page.getByText('Demande P-20170710-000001 partiellement validée.')).toBeVisible()
  const file2 = await api<{ responsable: { values: Record<string, unknown> } }>('families/getByNumber', {
    number: '383304832264',
  })
  expect(file2.responsable.values).toMatchObject({
    email: 'famille.test@ci.com',
    ville: 'Biviers',
    profession: null,
  })

  // Bulk: the fiscal change goes through, the bank details need a person's eye.
  for (const name of ['Informations fiscales', 'Coordonnées bancaires'])
    await page.locator('.ag-row').filter({ hasText: name }).locator('input[type=checkbox]').check()
  await page.getByRole('button', { name: 'Valider la sélection (2)' }).click()
  const bulk = page.getByRole('dialog', { name: 'Validation groupée' })
  await bulk.getByRole('button', { name: 'Valider la sélection' }).click()
  await expect(bulk.getByText('1 demande(s) validée(s), 1 laissée(s) de côté.')).toBeVisible()
  await expect(bulk.getByRole('list', { name: 'Demandes laissées de côté' })).toContainText(
    'P-20170710-000003 : à vérifier par une personne',
  )
  await page.screenshot({ path: screenshotPath('requests-11-validation-groupee') })
})
