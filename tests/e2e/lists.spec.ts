import { execFileSync } from 'node:child_process'
import { mkdirSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import type { EnrolmentView } from '../../src-shared/contract/agenda'
import type { ChildFile } from '../../src-shared/contract/children'
import type { DayList } from '../../src-shared/contract/lists'
import { addDays, weekdayOf } from '../../src-shared/domain/days'
import { dayInFrance } from '../../src-shared/format/date'
import { demoWithTestFamily, type TestFamily } from './families-fixture'
import { expect, type Host, screenshotPath, signIn, startHost, test } from './host'

// The Journée screen on the demo (docs/listes-du-jour.md): the day's list of a
// school day with who may pick each child up, attendance with the keyboard, a
// forbidden person refused at pick-up, and the kitchen's count.

let host: Host
let fixture: TestFamily
let day: string
let structureId: number

test.describe.configure({ mode: 'serial' })
test.beforeAll(async () => {
  host = await startHost()
  fixture = await demoWithTestFamily(host, 30)
  const structures = (await fixture.call('lists/structures', {})) as {
    id: number
    name: string
    services: { id: number; code: string }[]
  }[]
  const biviers = structures.find((s) => s.name === 'Ecoles de Biviers - Périscolaire')!
  structureId = biviers.id
  const evening = biviers.services.find((s) => s.code === 'BIV-SOIR')!
  // A school day (Monday, Tuesday, Thursday or Friday) from next week, when children are expected.
  day = addDays(dayInFrance(new Date()), 7)
  while (![1, 2, 4, 5].includes(weekdayOf(day))) day = addDays(day, 1)
  // TEST ENFANT comes to the evening care every school day from the week before; VOISNE may no longer pick them up.
  const enrolments = (await fixture.call('agenda/enrolments/list', {
    childId: fixture.childId,
  })) as EnrolmentView[]
  const current = enrolments.find((e) => e.serviceId === evening.id && e.endsOn === null)!
  await fixture.call('agenda/enrolments/change', {
    enrolmentId: current.id,
    version: current.version,
    from: addDays(day, -7),
    weekdays: 1 | 2 | 8 | 16,
  })
  const child = (await fixture.call('children/get', { id: fixture.childId })) as ChildFile
  const voisne = child.authorizedPersons.find((p) => p.values.nom === 'VOISNE')!
  await fixture.call('authorizedPersons/update', {
    id: voisne.id,
    version: voisne.version,
    patch: { interdit_de_recuperer: true, peut_recuperer_l_enfant: false },
  })
})
test.afterAll(async () => host.close())

test('the day list shows who is expected and who may, or may not, pick each child up', async ({ page }) => {
  await page.setViewportSize({ width: 1366, height: 768 })
  await signIn(page, host)
  await page.getByRole('link', { name: 'Journée' }).click()
  await page.goto(`${host.url}#/journee?structure=${structureId}&jour=${day}`)
  const evening = page.getByRole('region', { name: 'Accueil du soir' })
  await expect(evening.getByText(/attendu\(s\)/)).toBeVisible()
  const row = evening.getByRole('row', { name: 'TEST ENFANT' })
  await expect(row).toBeVisible()
  await expect(row.getByText('INTERDIT : VOISNE TEST', { exact: false })).toBeVisible()
  await expect(row.getByText(/PLRI TEST \(Grand-père\)/).first()).toBeVisible()
  const list = (await fixture.call('lists/day', { structureId, date: day })) as DayList
  const expected = list.services.find((s) => s.code === 'BIV-SOIR')!.expected
  await expect(evening.getByText(`${expected} attendu(s)`, { exact: false })).toBeVisible()
  await page.screenshot({ path: screenshotPath('journee-liste-1366'), fullPage: false })
})

test('attendance with the keyboard; a forbidden person is refused at pick-up, an allowed one recorded', async ({
  page,
}) => {
  await page.setViewportSize({ width: 1366, height: 768 })
  await signIn(page, host)
  await page.goto(`${host.url}#/journee?structure=${structureId}&jour=${day}&service=`)
  const evening = page.getByRole('region', { name: 'Accueil du soir' })
  const row = evening.getByRole('row', { name: 'TEST ENFANT' })
  await row.focus()
  await page.keyboard.press('p')
  await expect(row.getByRole('button', { name: 'Présent' })).toHaveAttribute('aria-pressed', 'true')
  await row.getByLabel('Récupéré par').click()
  await page.getByRole('option', { name: 'Une autre personne…' }).click()
  await row.getByLabel('Nom de la personne venue').fill('VOISNE TEST')
  await row.getByLabel('Nom de la personne venue').press('Enter')
  await expect(evening.getByRole('alert')).toContainText('VOISNE TEST est INTERDIT(E) de récupérer')
  await page.screenshot({ path: screenshotPath('journee-interdit-refuse') })
  await row.getByLabel('Récupéré par').click()
  await page.getByRole('option', { name: 'PLRI TEST' }).click()
  await expect(row.getByLabel('Récupéré par')).toHaveValue('PLRI TEST')
  // The next child is marked absent with the keyboard: an Absence à vérifier for staff to decide.
  await row.focus()
  await page.keyboard.press('ArrowDown')
  await page.keyboard.press('a')
  const absent = evening.locator('tr[data-presence="absent"]').first()
  await expect(absent.getByRole('button', { name: 'Absent facturé' })).toBeVisible()
  await absent.getByRole('button', { name: 'Absent facturé' }).click()
  await expect(absent.getByRole('button', { name: 'Absent facturé' })).toHaveCount(0)
  await expect(evening.getByText(/1 absent\(s\)/)).toBeVisible()
  await page.screenshot({ path: screenshotPath('journee-pointage') })
  const list = (await fixture.call('lists/day', { structureId, date: day })) as DayList
  const line = list.services
    .find((s) => s.code === 'BIV-SOIR')!
    .children.find((c) => c.childId === fixture.childId)!
  expect(line.mark).toMatchObject({ presence: 'present', pickedUpName: 'PLRI TEST' })
})

test('the PDF preview shows the list in its frame: the page lets blob: frames in, and nothing else', async ({
  page,
}) => {
  await page.setViewportSize({ width: 1366, height: 768 })
  const refused: string[] = []
  page.on('console', (m) => {
    if (/Content Security Policy/.test(m.text())) refused.push(m.text())
  })
  await signIn(page, host)
  await page.goto(`${host.url}#/journee?structure=${structureId}&jour=${day}`)
  await page.getByRole('button', { name: 'Aperçu PDF et impression' }).first().click()
  const frame = page.getByTitle(/^Aperçu : /)
  await expect(frame).toBeVisible()
  await expect(frame).toHaveAttribute('src', /^blob:/)
  // The viewer loads inside the frame; a refused frame logs a CSP violation instead.
  await page.waitForTimeout(1500)
  expect(refused).toEqual([])
  await page.screenshot({ path: screenshotPath('journee-apercu-pdf') })
})

test('the kitchen count of the week, by diet and allergen', async ({ page }) => {
  await page.setViewportSize({ width: 1366, height: 768 })
  await signIn(page, host)
  await page.goto(`${host.url}#/journee?structure=${structureId}&jour=${day}&onglet=cuisine`)
  const table = page.getByRole('table', { name: 'Repas par régime' })
  await expect(table).toBeVisible()
  await expect(table.getByRole('columnheader', { name: 'Sans porc' })).toBeVisible()
  await expect(page.getByText('Allergènes (règlement UE 1169/2011)')).toBeVisible()
  await table.getByRole('button', { name: 'Marquer envoyée à la cuisine' }).first().click()
  await expect(table.getByText(/Envoyée le .* rien n’a changé depuis/).first()).toBeVisible()
  await page.screenshot({ path: screenshotPath('journee-cuisine'), fullPage: true })
})

test('the printed attendance list: its first page as a picture, and its text', async () => {
  const file = (await fixture.call('lists/dayFile', { structureId, date: day, format: 'pdf' })) as {
    fileName: string
    base64: string
  }
  expect(file.fileName).toBe(`liste-ecoles-de-biviers-periscolaire-${day}.pdf`)
  const dir = join('test-results', 'screenshots')
  mkdirSync(dir, { recursive: true })
  const pdf = join(dir, 'journee-liste.pdf')
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
    join(dir, 'journee-liste-pdf-page1'),
  ])
  const text = execFileSync('pdftotext', ['-raw', pdf, '-'], { encoding: 'utf8' }).replace(/\s+/g, ' ')
  expect(text).toContain('Liste de présence')
  expect(text).toContain('Biviers')
  expect(text).toContain('INTERDIT : VOISNE TEST')
})
