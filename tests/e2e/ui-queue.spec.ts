import type { Page } from '@playwright/test'
import BetterSqlite3 from 'better-sqlite3-multiple-ciphers'
import { demoWithTestFamily, type TestFamily } from './families-fixture'
import { expect, type Host, screenshotPath, signIn, startHost, test } from './host'

// Issue 10, points 3, 11 (the screen), 14 and 15: the request queue at
// 1366×768 and 1920×1080, the form for paper and phone requests, and the
// views of a family or child refreshed by a decision.

let host: Host
let family: TestFamily
test.beforeAll(async () => {
  host = await startHost()
  family = await demoWithTestFamily(host)
  // A dozen paper requests from other families, so that the queue has more than one screen of rows.
  const db = new BetterSqlite3(host.dbPath, { readonly: true })
  const numbers = db
    .prepare("SELECT number FROM families WHERE number <> '383304832264' ORDER BY id LIMIT 12")
    .pluck()
    .all() as string[]
  db.close()
  for (const [i, number] of numbers.entries())
    await family.call('requests/create', {
      channel: i % 2 ? 'papier' : 'téléphone',
      family: number,
      kind: 'responsable.update',
      payload: { email: `famille.${i}@exemple.fr` },
    })
})
test.afterAll(async () => host.close())
test.use({ viewport: { width: 1366, height: 768 } })

const nav = (page: Page, name: string) =>
  page.getByRole('navigation', { name: 'Navigation principale' }).getByRole('link', { name }).click()

test('a deletion validated in Demandes leaves the child’s file open in another tab at once; a refused addition says nothing about « Rien ne sera ajouté »', async ({
  page,
  context,
}) => {
  await family.call('requests/create', {
    channel: 'papier',
    family: '383304832264',
    child: '383306398666',
    kind: 'authorized_person.delete',
    payload: { nom: 'VOISNE', prenom: 'TEST' },
  })
  await signIn(page, host)
  await page.evaluate((id) => {
    window.location.hash = `#/enfants/${id}?onglet=personnes`
  }, family.childId)
  await expect(page.getByRole('row', { name: /VOISNE/ })).toBeVisible()

  const queue = await context.newPage()
  await signIn(queue, host)
  await nav(queue, 'Demandes')
  await queue.getByRole('textbox', { name: 'Famille', exact: true }).fill('383304832264')
  await queue.locator('.ag-row').filter({ hasText: 'Suppression d’une personne autorisée' }).click()
  await queue.getByRole('button', { name: 'Valider', exact: true }).click()
  await expect(queue.getByText(/^Demande M-\d{8}-\d{6} validée\.$/)).toBeVisible()

  // The other tab, untouched since: no reload, well within the queries' 10 s of freshness.
  await expect(page.getByRole('row', { name: /VOISNE/ })).toHaveCount(0, { timeout: 3000 })
  await expect(page.getByRole('tab', { name: /Personnes autorisées/ })).toContainText('1')

  // In the same tab, the family's file no longer lists the request as pending.
  await queue.evaluate((id) => {
    window.location.hash = `#/familles/${id}?onglet=demandes`
  }, family.familyId)
  await expect(queue.getByRole('table', { name: 'Demandes en attente' })).not.toContainText(
    'Suppression d’une personne autorisée',
  )

  // The seed's vaccination, refused: a decided request shows no days waiting, and nothing "to add".
  await nav(queue, 'Demandes')
  await queue.getByRole('textbox', { name: 'Famille', exact: true }).fill('383304832264')
  await queue.locator('.ag-row').filter({ hasText: 'Ajout d’une vaccination' }).click()
  await expect(queue.getByText('Fiche après validation')).toBeVisible()
  await queue.getByRole('button', { name: 'Refuser', exact: true }).click()
  await expect(queue.getByText(/^Demande P-20170703-000018 refusée\.$/)).toBeVisible()
  await expect(queue.getByText('Rien ne sera ajouté.')).toHaveCount(0)
  await expect(queue.getByText('Fiche après validation')).toHaveCount(0)
  await queue.getByRole('combobox', { name: 'État' }).click()
  await queue.getByRole('option', { name: 'Traitées' }).click()
  const decided = queue.locator('.ag-row').filter({ hasText: 'Ajout d’une vaccination' })
  await expect(decided).toBeVisible()
  await expect(decided.locator('[col-id=attente]')).toHaveText('')
  await queue.close()
})

test('« Saisir une demande »: obligatoire, the alert of the previous kind cleared, the only child chosen, the person chosen in a list with a warning for the last one allowed, the day alone', async ({
  page,
}) => {
  // PLRI left alone allowed to pick the child up (the first test deletes VOISNE through the queue).
  const child = (await family.call('children/get', { id: family.childId })) as {
    authorizedPersons: { id: number; version: number; values: Record<string, unknown> }[]
  }
  const voisne = child.authorizedPersons.find((p) => p.values.nom === 'VOISNE')
  if (voisne) await family.call('authorizedPersons/delete', { id: voisne.id, version: voisne.version })
  await signIn(page, host)
  await nav(page, 'Demandes')
  await page.getByRole('button', { name: 'Saisir une demande' }).click()
  const dialog = page.getByRole('dialog', { name: 'Nouvelle demande reçue sur papier ou par téléphone' })
  await dialog.getByRole('button', { name: 'Ajouter à la file' }).click()
  const number = dialog.getByRole('textbox', { name: 'N° famille' })
  await expect(number).toHaveAttribute('aria-invalid', 'true')
  await expect(dialog.getByText('obligatoire', { exact: true })).toBeVisible()
  await expect(dialog.getByText('identifiant invalide (chiffres uniquement)')).toHaveCount(0)

  await number.fill('383304832264')
  await expect(dialog.getByText('TEST TEST')).toBeVisible()
  await dialog.getByRole('button', { name: 'Ajouter à la file' }).click()
  await expect(dialog.getByRole('alert').filter({ hasText: 'aucun champ à modifier' })).toBeVisible()
  await dialog.getByRole('combobox', { name: 'Type de demande' }).click()
  await page.getByRole('option', { name: 'Suppression d’une personne autorisée' }).click()
  await expect(dialog.getByRole('alert').filter({ hasText: 'aucun champ à modifier' })).toHaveCount(0)

  // TEST has one child: already chosen.
  await expect(dialog.getByRole('combobox', { name: 'Enfant' })).toHaveValue('TEST ENFANT (383306398666)')
  // VOISNE was deleted by the previous test: PLRI is the last one allowed to pick the child up.
  await dialog.getByRole('combobox', { name: 'Personne concernée' }).click()
  await page.getByRole('option', { name: 'PLRI TEST' }).click()
  await expect(dialog.getByRole('status').filter({ hasText: 'Dernière personne autorisée' })).toContainText(
    'PLRI TEST est la seule personne autorisée',
  )
  await expect(dialog.getByRole('textbox', { name: 'Nom', exact: true })).toHaveCount(0)
  await page.screenshot({ path: screenshotPath('ui-10-saisie-suppression') })
  await dialog.getByRole('button', { name: 'Ajouter à la file' }).click()
  await expect(page.getByText(/^Demande M-\d{8}-\d{6} ajoutée à la file\.$/)).toBeVisible()

  await page.getByRole('textbox', { name: 'Famille', exact: true }).fill('383304832264')
  await page.locator('.ag-row').filter({ hasText: 'Suppression d’une personne autorisée' }).click()
  const header = page.getByRole('region', { name: 'Demande ouverte' })
  await expect(header.getByText(/reçue le \d{2}\/\d{2}\/\d{4} · Papier/)).toBeVisible()
  await expect(header.getByText(/reçue le \d{2}\/\d{2}\/\d{4} \d{2}:\d{2}/)).toHaveCount(0)
  await expect(header.getByRole('row', { name: /PLRI/ }).first()).toBeVisible()
  // The back-end's own warning, on the request itself.
  await expect(header.getByRole('status').filter({ hasText: 'Avant de valider' })).toBeVisible()
  await page.screenshot({ path: screenshotPath('ui-11-revue-suppression-derniere-personne') })
})

test('the queue at 1366×768: many rows and the whole decision in sight, no cell cut short, columns kept as arranged', async ({
  page,
}) => {
  await signIn(page, host)
  await nav(page, 'Demandes')
  const rows = page.locator('.ag-row')
  await expect(rows.first()).toBeVisible()
  await rows.nth(3).click()
  await expect(page.getByRole('table', { name: 'Lignes de la demande' })).toBeVisible()
  await page.waitForTimeout(300)

  // Decision and reply usable without scrolling the page.
  expect(await page.evaluate(() => document.documentElement.scrollHeight <= window.innerHeight)).toBe(true)
  await expect(page.getByRole('button', { name: 'Valider', exact: true })).toBeInViewport()
  await expect(page.getByRole('button', { name: 'Refuser' })).toBeInViewport()
  await expect(page.getByLabel('Réponse à la famille')).toBeInViewport()
  // More than four rows of the list at once.
  const shown = await rows.evaluateAll((els) => {
    const viewport = document.querySelector('.ag-root-wrapper')!.getBoundingClientRect()
    return els.filter((e) => e.getBoundingClientRect().bottom <= viewport.bottom + 1).length
  })
  expect(shown).toBeGreaterThanOrEqual(6)
  // Every cell shows its whole value; the grid fits its width.
  const cut = await page.evaluate(() =>
    [...document.querySelectorAll('.ag-cell, .ag-cell-value, .ag-header-cell-text')]
      .filter((c) => c.scrollWidth > c.clientWidth + 1)
      .map((c) => c.textContent),
  )
  expect(cut).toEqual([])
  const overflow = await page.evaluate(() => {
    const grid = document.querySelector('.ag-root-wrapper')!.getBoundingClientRect()
    const cells = [...document.querySelectorAll('.ag-header-cell')].map(
      (c) => c.getBoundingClientRect().right,
    )
    return Math.max(...cells) - grid.right
  })
  expect(overflow).toBeLessThanOrEqual(1)
  await page.screenshot({ path: screenshotPath('ui-08-demandes-1366x768') })

  // The full value on hover.
  await page.locator('.ag-row [col-id=type]').first().hover()
  await expect(page.locator('.ag-tooltip')).toHaveText('Modification du responsable')

  // Staff widen a column; it stays so after a reload.
  const header = page.locator('.ag-header-cell[col-id=type]')
  const before = (await header.boundingBox())!
  await page.mouse.move(before.x + before.width - 2, before.y + before.height / 2)
  await page.mouse.down()
  await page.mouse.move(before.x + before.width + 80, before.y + before.height / 2, { steps: 5 })
  await page.mouse.up()
  const widened = (await header.boundingBox())!.width
  expect(widened).toBeGreaterThan(before.width + 40)
  await page.reload()
  await expect(page.locator('.ag-row').first()).toBeVisible()
  expect(
    Math.abs((await page.locator('.ag-header-cell[col-id=type]').boundingBox())!.width - widened),
  ).toBeLessThan(3)

  // The split between list and request moves with the keyboard too.
  const handle = page.getByRole('separator', { name: 'Taille de la liste des demandes' })
  const share = Number(await handle.getAttribute('aria-valuenow'))
  await handle.focus()
  await page.keyboard.press('ArrowDown')
  await expect(handle).toHaveAttribute('aria-valuenow', String(share + 5))
  await page.keyboard.press('ArrowUp')
})

test('the queue at 1920×1080: more rows, every column in full, the decision in sight', async ({ page }) => {
  await page.setViewportSize({ width: 1920, height: 1080 })
  await signIn(page, host)
  await nav(page, 'Demandes')
  const rows = page.locator('.ag-row')
  await rows.nth(3).click()
  await expect(page.getByRole('table', { name: 'Lignes de la demande' })).toBeVisible()
  await page.waitForTimeout(300)
  await expect(page.getByRole('button', { name: 'Valider', exact: true })).toBeInViewport()
  await expect(page.getByLabel('Réponse à la famille')).toBeInViewport()
  const overflow = await page.evaluate(() => {
    const grid = document.querySelector('.ag-root-wrapper')!.getBoundingClientRect()
    const cells = [...document.querySelectorAll('.ag-header-cell')].map(
      (c) => c.getBoundingClientRect().right,
    )
    return Math.max(...cells) - grid.right
  })
  expect(overflow).toBeLessThanOrEqual(1)
  await expect(page.locator('.ag-row')).toHaveCount(14)
  const cut = await page.evaluate(() =>
    [...document.querySelectorAll('.ag-cell, .ag-cell-value, .ag-header-cell-text')]
      .filter((c) => c.scrollWidth > c.clientWidth + 1)
      .map((c) => c.textContent),
  )
  expect(cut).toEqual([])
  await page.screenshot({ path: screenshotPath('ui-09-demandes-1920x1080') })
})
