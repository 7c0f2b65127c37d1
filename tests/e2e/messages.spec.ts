import { execFileSync } from 'node:child_process'
import { mkdirSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import type { MessagePage } from '../../src-shared/contract/messages'
import { demoWithTestFamily, type TestFamily } from './families-fixture'
import { expect, type Host, screenshotPath, signIn, startHost, test } from './host'

// The Messages screen on the demo (docs/messages.md): a message to every
// family of a service with its preview, the letters for families without
// the portal, the list by state and the portal's export, and a message to
// one family from its file.

let host: Host
let fixture: TestFamily

test.describe.configure({ mode: 'serial' })
test.beforeAll(async () => {
  host = await startHost()
  fixture = await demoWithTestFamily(host, 30)
})
test.afterAll(async () => host.close())

test('staff write to every family of a service: preview of the recipients, send, letters', async ({
  page,
}) => {
  await page.setViewportSize({ width: 1366, height: 768 })
  await signIn(page, host)
  await page
    .getByRole('navigation', { name: 'Navigation principale' })
    .getByRole('link', { name: 'Messages' })
    .click()
  await expect(page.getByRole('heading', { level: 2, name: 'Messages' })).toBeVisible()
  await page.getByRole('tab', { name: 'Écrire' }).click()
  await page.getByRole('combobox', { name: 'Service' }).click()
  await page.getByRole('option', { name: /^BIV-SOIR/ }).click()
  await page.getByRole('combobox', { name: 'Modèle' }).click()
  await page.getByRole('option', { name: 'Information du service' }).click()
  await expect(page.getByRole('textbox', { name: 'Objet' })).toHaveValue(
    'Information du service enfance jeunesse',
  )
  await page
    .getByRole('textbox', { name: 'Texte' })
    .fill(
      '{{responsable.appel}},\n\nL’accueil du soir fermera exceptionnellement à 17 h 30 le vendredi 18/12.\n\nLe service enfance jeunesse de {{commune.nom}}',
    )
  await page.getByRole('button', { name: 'Aperçu des destinataires' }).click()
  const status = page.getByRole('status').filter({ hasText: /message\(s\) pour/ })
  await expect(status).toBeVisible()
  const recipients = page.getByRole('table', { name: 'Destinataires' })
  await expect(recipients.getByRole('row').nth(1)).toBeVisible()
  const rows = (await recipients.getByRole('row').count()) - 1
  expect(rows).toBeGreaterThan(3)
  await expect(status).toContainText(`${rows} message(s) pour ${rows} famille(s)`)
  await expect(page.getByText('L’accueil du soir fermera exceptionnellement').first()).toBeVisible()
  // The preview shows the text filled in for its first family: no field left.
  const shown = page.getByLabel('Aperçu des destinataires')
  await expect(shown).toContainText('Le service enfance jeunesse de')
  await expect(shown).not.toContainText('{{')
  await page.screenshot({ path: screenshotPath('messages-apercu'), fullPage: true })

  await page.getByRole('button', { name: 'Envoyer', exact: true }).click()
  const confirm = page.getByRole('dialog', { name: 'Envoyer le message' })
  await expect(confirm).toContainText(`${rows} message(s) seront écrits`)
  await confirm.getByRole('button', { name: 'Envoyer' }).click()
  const done = page.getByRole('status').filter({ hasText: 'à envoyer' })
  await expect(done).toContainText(`${rows} message(s) à envoyer`)
  // The letters of the send: the screen offers them; their PDF (the same file) looked at as a picture.
  const sentRows = (await fixture.call('messages/list', { channel: 'courrier', limit: 500 })) as MessagePage
  if (sentRows.total > 0) {
    await expect(
      page.getByRole('button', { name: `Imprimer les ${sentRows.total} courrier(s)` }),
    ).toBeVisible()
    const file = (await fixture.call('messages/letters', { batchId: sentRows.rows[0].batchId })) as {
      base64: string
      count: number
    }
    expect(file.count).toBe(sentRows.total)
    const dir = join('test-results', 'screenshots')
    mkdirSync(dir, { recursive: true })
    const pdf = join(dir, 'messages-courriers.pdf')
    writeFileSync(pdf, Buffer.from(file.base64, 'base64'))
    execFileSync('pdftoppm', [
      '-png',
      '-r',
      '60',
      '-f',
      '1',
      '-l',
      '1',
      pdf,
      join(dir, 'messages-courrier-page1'),
    ])
    const text = execFileSync('pdftotext', ['-layout', pdf, '-'], { encoding: 'utf8' })
    expect(text).toContain('Objet : Information du service enfance jeunesse')
    expect(text).toContain('L’accueil du soir fermera exceptionnellement')
  }
  const sent = (await fixture.call('messages/list', { limit: 500 })) as MessagePage
  expect(sent.total).toBeGreaterThanOrEqual(rows)
})

test('the list by state, then the portal export moves the messages to « transmis au portail »', async ({
  page,
}) => {
  await page.setViewportSize({ width: 1366, height: 768 })
  await signIn(page, host)
  // Alt+0: the tenth screen of the sidebar.
  await page.keyboard.press('Alt+0')
  await expect(
    page.getByRole('navigation', { name: 'Navigation principale' }).getByRole('link', { name: 'Messages' }),
  ).toHaveAttribute('aria-current', 'page')
  const table = page.getByRole('table', { name: 'Messages' })
  await expect(table.getByText('Information du service enfance jeunesse').first()).toBeVisible()
  await expect(table.getByText('À envoyer').first()).toBeVisible()
  await page.screenshot({ path: screenshotPath('messages-liste'), fullPage: false })
  await table.getByText('Information du service enfance jeunesse').first().click()
  const message = page.getByRole('dialog', { name: /Message à la famille n°/ })
  await expect(
    message.getByText('L’accueil du soir fermera exceptionnellement', { exact: false }),
  ).toBeVisible()
  await page.keyboard.press('Escape')

  await page.getByRole('button', { name: 'Exporter pour le portail' }).click()
  const dialog = page.getByRole('dialog', { name: 'Exporter les messages pour le portail' })
  const download = page.waitForEvent('download')
  await dialog.getByRole('button', { name: 'Exporter' }).click()
  await expect(dialog.getByRole('status')).toContainText('message(s) exporté(s)')
  expect((await download).suggestedFilename()).toMatch(/^messages-\d{4}-\d{2}-\d{2}\.jsonl$/)
  await dialog.getByRole('button', { name: 'Fermer' }).click()
  const page1 = (await fixture.call('messages/list', { state: 'transmis' })) as MessagePage
  expect(page1.total).toBeGreaterThan(0)
  await expect(page.getByRole('radio', { name: /Transmis au portail \([1-9]/ })).toBeAttached()
})

test('a message to one family from its file, in its « Messages » tab', async ({ page }) => {
  await page.setViewportSize({ width: 1366, height: 768 })
  await signIn(page, host)
  await page.evaluate((id) => {
    window.location.hash = `#/familles/${id}`
  }, fixture.familyId)
  await page.getByRole('tab', { name: 'Messages' }).click()
  await page.getByRole('link', { name: 'Écrire à cette famille' }).click()
  await expect(page.getByRole('combobox', { name: 'Famille' })).toHaveValue(/383304832264/)
  await page.getByRole('combobox', { name: 'Modèle' }).click()
  await page.getByRole('option', { name: 'Dossier incomplet' }).click()
  await page.getByRole('button', { name: 'Aperçu des destinataires' }).click()
  await expect(page.getByRole('status').filter({ hasText: /message\(s\) pour 1 famille/ })).toBeVisible()
  await expect(page.getByText(/Le dossier de \S+ est incomplet/).first()).toBeVisible()
  await page.screenshot({ path: screenshotPath('messages-une-famille'), fullPage: true })
  await page.getByRole('button', { name: 'Envoyer', exact: true }).click()
  await page
    .getByRole('dialog', { name: 'Envoyer le message' })
    .getByRole('button', { name: 'Envoyer' })
    .click()
  await expect(page.getByRole('status').filter({ hasText: 'à envoyer' })).toBeVisible()
  await page.evaluate((id) => {
    window.location.hash = `#/familles/${id}`
  }, fixture.familyId)
  await page.getByRole('tab', { name: 'Messages' }).click()
  await expect(
    page
      .getByRole('table', { name: 'Messages' })
      .getByText(/Le dossier de \S+ est incomplet/)
      .first(),
  ).toBeVisible()
  await page.screenshot({ path: screenshotPath('messages-dossier-famille'), fullPage: false })
})
