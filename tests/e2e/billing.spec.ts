import { execFileSync } from 'node:child_process'
import { mkdirSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import type { InvoiceView } from '../../src-shared/contract/billing'
import { monthLabel } from '../../src-shared/format/month'
import { demoWithTestFamily, type TestFamily } from './families-fixture'
import { expect, type Host, screenshotPath, signIn, startHost, test } from './host'

// The Facturation screen on the demo (docs/facturation.md): last month's
// preview with its blocked families, issuing it, an invoice's PDF looked at
// as a picture, and a family's relevé de compte after a payment.

let host: Host
let fixture: TestFamily

const lastMonth = () => {
  const d = new Date()
  d.setUTCDate(1)
  d.setUTCMonth(d.getUTCMonth() - 1)
  return d.toISOString().slice(0, 7)
}

test.describe.configure({ mode: 'serial' })
test.beforeAll(async () => {
  host = await startHost()
  fixture = await demoWithTestFamily(host, 30)
})
test.afterAll(async () => host.close())

test('staff preview last month, see the blocked families, then issue it', async ({ page }) => {
  await page.setViewportSize({ width: 1366, height: 768 })
  await signIn(page, host)
  await page.getByRole('link', { name: 'Facturation' }).click()
  await expect(page.getByRole('combobox', { name: 'Mois', exact: true })).toHaveValue(monthLabel(lastMonth()))
  await page.getByRole('button', { name: 'Aperçu', exact: true }).click()
  await expect(page.getByText('Aperçu : rien n’est encore émis')).toBeVisible()
  const blocked = page.getByRole('table', { name: 'Familles bloquées' })
  await expect(blocked).toBeVisible()
  await expect(blocked.getByText('Absence à vérifier').first()).toBeVisible()
  await expect(page.getByRole('table', { name: /Lignes de la facture de la famille/ }).first()).toBeVisible()
  await page.screenshot({ path: screenshotPath('facturation-apercu'), fullPage: false })
  // One family's invoice found by its number among the month's.
  const invoices = page.getByRole('table', { name: /Lignes de la facture de la famille/ })
  const all = await invoices.count()
  const first = await invoices.first().getAttribute('aria-label')
  const number = (first ?? '').replace(/\D/g, '')
  await page.getByLabel('Chercher une famille (N° ou nom)').fill(number)
  await expect(invoices).toHaveCount(1)
  await expect(page.getByText(/^1 facture\(s\) sur \d+$/)).toBeVisible()
  await page.getByLabel('Chercher une famille (N° ou nom)').fill('')
  await expect(invoices).toHaveCount(all)
  await page.getByRole('button', { name: 'Émettre les factures' }).click()
  await expect(page.getByText('Factures émises')).toBeVisible()
  await expect(page.getByText(/^\d{4}-\d{6} — famille/).first()).toBeVisible()
})

test('an invoice on direct debit as a PDF: its first page as a picture, and its text', async () => {
  const invoices = (await fixture.call('billing/invoices', { month: lastMonth() })) as InvoiceView[]
  const invoice = invoices.find((i) => i.debitOn !== null && i.lines.length > 1) ?? invoices[0]
  const file = (await fixture.call('billing/invoiceFile', { invoiceId: invoice.invoiceId })) as {
    fileName: string
    base64: string
  }
  expect(file.fileName).toBe(`facture-${invoice.number}.pdf`)
  const dir = join('test-results', 'screenshots')
  mkdirSync(dir, { recursive: true })
  const pdf = join(dir, 'facturation-facture.pdf')
  writeFileSync(pdf, Buffer.from(file.base64, 'base64'))
  execFileSync('pdftoppm', [
    '-png',
    '-r',
    '80',
    '-f',
    '1',
    '-l',
    '1',
    '-singlefile',
    pdf,
    join(dir, 'facturation-facture-pdf-page1'),
  ])
  const text = execFileSync('pdftotext', ['-raw', pdf, '-'], { encoding: 'utf8' }).replace(/\s+/g, ' ')
  expect(text).toContain(`Facture N° ${invoice.number}`)
  expect(text).toContain('Régie de recettes périscolaires de Biviers')
  expect(text).toContain('Solde précédent')
  expect(text).toContain('Total à payer')
  expect(text).toMatch(/QF (\d+|inconnu) · (\[\d+, \d+\)|≥ 1300)/)
  if (invoice.debitOn) {
    expect(text).toContain(`RUM ${invoice.sepaRum}`)
    expect(text).toMatch(/ICS FR\d\dZZZ538330/)
  }
})

test('a family’s relevé de compte after a payment in espèces', async ({ page }) => {
  const invoices = (await fixture.call('billing/invoices', { month: lastMonth() })) as InvoiceView[]
  const family = invoices[0]
  await page.setViewportSize({ width: 1366, height: 768 })
  await signIn(page, host)
  await page.getByRole('link', { name: 'Facturation' }).click()
  await page.getByRole('tab', { name: 'Relevé de compte et paiements' }).click()
  await page.getByLabel('N° famille').fill(family.familyNumber)
  await page.getByRole('button', { name: 'Afficher le relevé' }).click()
  const table = page.getByRole('table', { name: 'Relevé de compte' })
  await expect(table.getByText(family.number as string).first()).toBeVisible()
  await page.getByLabel('Montant (€)').fill('20,00')
  await page.getByLabel('Référence').fill('Reçu 0042')
  await page.getByRole('button', { name: 'Enregistrer le paiement' }).click()
  await expect(table.getByText('Paiement (Espèces)')).toBeVisible()
  await expect(table.getByText('Reçu 0042')).toBeVisible()
  await page.screenshot({ path: screenshotPath('facturation-releve'), fullPage: false })
})
