import type { AgendaChildView, EnrolmentView } from '../../src-shared/contract/agenda'
import type { ServiceRow, StructureRow } from '../../src-shared/contract/calendar'
import { demoWithTestFamily, type TestFamily } from './families-fixture'
import { expect, type Host, screenshotPath, signIn, startHost, test } from './host'

// The agenda as the seed's « Mes enfants » shows it: TEST ENFANT's July 2017
// (Grandes vacances from Saturday 8 July, Jour férié on the 14th, in each of the
// three rows), then staff acting on cells in term time (June 2017) with the
// keyboard and the context menu, and a service's month with its capacity.

let host: Host
let test_: TestFamily
let services: ServiceRow[]

test.describe.configure({ mode: 'serial' })
// Each test walks several screens of a 30-family demo: more than the default minute on a busy machine.
test.setTimeout(150_000)
test.beforeAll(async () => {
  host = await startHost()
  test_ = await demoWithTestFamily(host, 30)
  const structures = (await test_.call('calendar/structures', {})) as StructureRow[]
  services = structures.find((s) => s.name === 'Ecoles de Biviers - Périscolaire')?.services ?? []
  // TEST ENFANT comes on no regular day in the summer of 2017 (the seed's agenda shows only G and F).
  const enrolments = (await test_.call('agenda/enrolments/list', {
    childId: test_.childId,
  })) as EnrolmentView[]
  for (const s of services)
    if (!enrolments.some((e) => e.serviceId === s.id && e.startsOn <= '2017-06-01'))
      await test_.call('agenda/enrolments/create', {
        childId: test_.childId,
        serviceId: s.id,
        startsOn: '2017-06-01',
        endsOn: '2017-08-31',
        weekdays: 0,
      })
  // Repas: on reserved days only, 45 places a day, booked without a deadline (so that June 2017
  // can be booked today), an absence declared the day before at 09:00 at the latest, or billed.
  const repas = services.find((s) => s.name === 'Repas') as ServiceRow
  const { id, structureId, version, active: _active, ...rest } = repas
  await test_.call('calendar/saveService', {
    ...rest,
    id,
    structureId,
    version,
    capacity: 45,
    attendance: 'reservation',
    bookingDeadline: null,
    cancelDeadline: { kind: 'days_before', days: 1, count: 'calendar', time: '09:00' },
    latePolicy: 'staff',
    billsLateAbsence: true,
  })
})
test.afterAll(async () => host.close())

const grid = (page: import('@playwright/test').Page) =>
  page.getByRole('grid', { name: /Agenda de ENFANT TEST/ })
const cellOf = (page: import('@playwright/test').Page, service: string, day: string) =>
  grid(page).getByRole('row', { name: service }).locator(`td[data-day="${day}"]`)

test('TEST ENFANT’s July 2017 as the seed shows it: G from the 8th, F on the 14th, in the three rows', async ({
  page,
}) => {
  await signIn(page, host)
  await page.goto(`${host.url}#/enfants/${test_.childId}?onglet=agenda&mois=2017-07`)
  await expect(page.getByRole('heading', { name: 'Juillet 2017' })).toBeVisible()
  const rows = grid(page).locator('tbody tr')
  await expect(rows).toHaveCount(3)
  await expect(grid(page).locator('thead th').filter({ hasText: 'Sa 01' })).toBeVisible()
  await expect(grid(page).locator('thead th').filter({ hasText: 'Lu 31' })).toBeVisible()
  const view = (await test_.call('agenda/child', {
    childId: test_.childId,
    month: '2017-07',
  })) as AgendaChildView
  for (const row of view.rows) {
    const letters = row.cells.map((c) => c.letter ?? '').join(',')
    // 1–7 empty, 8–13 G, 14 F, 15–31 G: the seed's three rows.
    expect(letters).toBe(`${',,,,,,,'}${'G,'.repeat(6)}F,${'G,'.repeat(16)}G`)
  }
  for (const service of ['Accueil du matin', 'Accueil du soir', 'Repas']) {
    await expect(cellOf(page, service, '2017-07-14')).toHaveText('F')
    await expect(cellOf(page, service, '2017-07-08')).toHaveText('G')
    await expect(cellOf(page, service, '2017-07-07')).toHaveText('')
  }
  const legend = page.getByRole('list', { name: 'Légende' }).getByRole('listitem')
  await expect(legend).toHaveCount(17)
  await expect(legend.first()).toHaveText(/Réservé/)
  await expect(legend.last()).toHaveText(/Jour férié/)
  await page.screenshot({ path: screenshotPath('agenda-01-test-enfant-juillet-2017'), fullPage: true })
})

test('a reservation in term time with the keyboard, then a late absence becoming Absent facturé from the context menu', async ({
  page,
}) => {
  await signIn(page, host)
  await page.goto(`${host.url}#/enfants/${test_.childId}?onglet=agenda&mois=2017-07`)
  await page.getByRole('button', { name: 'Mois précédent' }).click()
  await expect(page.getByRole('heading', { name: 'Juin 2017' })).toBeVisible()

  // Thursday 22 and Friday 23 June 2017 on Repas: click, Shift+→, R.
  await cellOf(page, 'Repas', '2017-06-22').click()
  await page.keyboard.press('Shift+ArrowRight')
  await expect(cellOf(page, 'Repas', '2017-06-23')).toHaveAttribute('aria-selected', 'true')
  await page.keyboard.press('r')
  const dialog = page.getByRole('dialog', { name: /Réserver · Repas/ })
  await expect(dialog.getByRole('table', { name: 'Dates choisies' }).getByRole('row')).toHaveCount(3)
  await expect(dialog.getByText('Dans les délais')).toHaveCount(2)
  await expect(dialog.getByRole('cell', { name: '45', exact: true })).toHaveCount(2)
  await dialog.getByRole('button', { name: /Réserver \(2 jours\)/ }).click()
  await expect(dialog.getByRole('table', { name: 'Résultat par date' }).getByText('Fait')).toHaveCount(2)
  await page.screenshot({ path: screenshotPath('agenda-02-reservation-periode-scolaire') })
  await dialog.getByRole('button', { name: 'Fermer' }).click()
  await expect(cellOf(page, 'Repas', '2017-06-22')).toHaveAttribute('data-state', 'reserve')
  await expect(cellOf(page, 'Repas', '2017-06-23')).toHaveText('R')

  // An absence on Thursday 22 June, declared now: long after the day before at 09:00.
  await cellOf(page, 'Repas', '2017-06-22').click()
  await cellOf(page, 'Repas', '2017-06-22').click({ button: 'right' })
  const menu = page.getByRole('menu', { name: 'Actions sur les jours choisis' })
  await expect(menu).toContainText('22/06/2017')
  await menu.getByRole('menuitem', { name: /Déclarer une absence/ }).click()
  const absence = page.getByRole('dialog', { name: /Déclarer une absence · Repas/ })
  await expect(absence.getByText('Hors délai', { exact: true })).toHaveCount(1)
  await absence.getByLabel('Motif de l’absence').fill('Malade')
  await absence.getByLabel('Motif pour accepter hors délai').fill('Appel de la famille ce matin')
  await absence.getByRole('button', { name: /Déclarer une absence \(1 jour\)/ }).click()
  const result = absence.getByRole('table', { name: 'Résultat par date' })
  await expect(result.getByRole('cell', { name: 'Absent facturé' })).toBeVisible()
  await page.screenshot({ path: screenshotPath('agenda-03-absence-tardive-absent-facture') })
  await absence.getByRole('button', { name: 'Fermer' }).click()
  await expect(cellOf(page, 'Repas', '2017-06-22')).toHaveAttribute('data-state', 'absent_facture')
  await expect(cellOf(page, 'Repas', '2017-06-22')).toHaveText('A')
})

test('the structure’s month for Repas, reached from Calendrier: each child, expected against capacity', async ({
  page,
}) => {
  const repas = services.find((s) => s.name === 'Repas') as ServiceRow
  await signIn(page, host)
  await page
    .getByRole('navigation', { name: 'Navigation principale' })
    .getByRole('link', { name: 'Calendrier' })
    .click()
  await page.getByRole('tab', { name: 'Agenda d’un service' }).click()
  await page.getByRole('combobox', { name: 'Service' }).click()
  await page.getByRole('option', { name: 'Repas (BIV-REPAS)' }).click()
  await page.getByRole('button', { name: 'Mois précédent' }).click()
  await page.goto(`${host.url}#/calendrier?onglet=agenda&service=${repas.id}&mois=2017-06`)
  const month = page.getByRole('grid', { name: /^Repas/ })
  await expect(month.getByRole('row', { name: 'TEST ENFANT' })).toBeVisible()
  // Friday 23 June: TEST ENFANT booked, 1 of 45; Thursday 22: absent, 0 of 45.
  await expect(month.locator('td.agenda-count[data-day="2017-06-23"]')).toHaveText(/^1\s*\/45$/)
  await expect(month.locator('td.agenda-count[data-day="2017-06-22"]')).toHaveText(/^0\s*\/45$/)
  await page.screenshot({ path: screenshotPath('agenda-04-mois-du-service-repas-juin-2017'), fullPage: true })
  // A city's month: the demo's children enrolled on regular days this school year.
  await page.goto(`${host.url}#/calendrier?onglet=agenda&service=${repas.id}&mois=2026-11`)
  await expect(
    page
      .getByRole('grid', { name: /^Repas/ })
      .locator('tbody tr')
      .first(),
  ).toBeVisible()
  await page.screenshot({
    path: screenshotPath('agenda-05-mois-du-service-repas-novembre-2026'),
    fullPage: true,
  })
})

test('a reservation request reviewed date by date in Demandes: one date accepted, one refused, the agenda says so', async ({
  page,
}) => {
  const { ref } = (await test_.call('requests/create', {
    channel: 'papier',
    family: '383304832264',
    child: '383306398666',
    kind: 'reservation.add',
    payload: { service: 'BIV-REPAS', dates: ['2017-06-26', '2017-06-27'] },
    receivedOn: '2017-06-20',
  })) as { ref: string }
  await signIn(page, host)
  // While pending, the dates show « Réservation en cours de traitement » on the agenda.
  await page.goto(`${host.url}#/enfants/${test_.childId}?onglet=agenda&mois=2017-06`)
  await expect(cellOf(page, 'Repas', '2017-06-26')).toHaveAttribute('data-state', 'reservation_en_cours')
  await page.goto(`${host.url}#/demandes`)
  await page
    .locator('.ag-row')
    .filter({ hasText: 'Demande de réservation' })
    .filter({ hasText: 'TEST ENFANT' })
    .click()
  await expect(page.getByText(ref).first()).toBeVisible()
  const lines = page.getByRole('table', { name: 'Lignes de la demande' })
  await expect(lines.getByRole('row')).toHaveCount(3)
  await expect(lines.getByText('Dans les délais')).toHaveCount(2)
  await lines
    .getByRole('row', { name: /27\/06\/2017/ })
    .getByText('Refuser')
    .click()
  await lines.getByLabel('Motif du refus : 27/06/2017').fill('sortie scolaire ce jour-là')
  await expect(page.getByLabel('Réponse à la famille')).toHaveValue(
    /Dates acceptées :\n- 26\/06\/2017 : Repas : réservation acceptée/,
  )
  await expect(page.getByLabel('Réponse à la famille')).toHaveValue(
    /- 27\/06\/2017 : sortie scolaire ce jour-là/,
  )
  await page.waitForTimeout(300)
  await page.screenshot({ path: screenshotPath('agenda-06-demande-revue-date-par-date') })
  await page.keyboard.press('Alt+V')
  await expect(page.getByText(`Demande ${ref} partiellement validée.`)).toBeVisible()
  await expect(lines.getByText('acceptée', { exact: true })).toBeVisible()
  await expect(lines.getByText('refusée', { exact: true })).toBeVisible()
  await page.goto(`${host.url}#/enfants/${test_.childId}?onglet=agenda&mois=2017-06`)
  await expect(cellOf(page, 'Repas', '2017-06-26')).toHaveAttribute('data-state', 'reserve')
  await expect(cellOf(page, 'Repas', '2017-06-27')).toHaveAttribute('data-state', 'reservation_refusee')
  await expect(cellOf(page, 'Repas', '2017-06-27')).toHaveText('N')
})

test('the Inscriptions tab lists the child’s enrolments and ends one on a given day', async ({ page }) => {
  await signIn(page, host)
  await page.goto(`${host.url}#/enfants/${test_.childId}?onglet=inscriptions`)
  const table = page.getByRole('table', { name: 'Inscriptions' })
  const evening = table.getByRole('row').filter({ hasText: 'Accueil du soir' })
  await expect(evening).toHaveCount(1)
  await expect(evening).toContainText('aucun (sur réservation)')
  await evening.getByRole('button', { name: 'Terminer' }).click()
  const dialog = page.getByRole('dialog', { name: /Terminer l’inscription à Accueil du soir/ })
  await dialog.getByLabel('Dernier jour').fill('31/08/2017')
  await dialog.getByRole('button', { name: 'Enregistrer' }).click()
  await expect(dialog).toBeHidden()
  await expect(evening).toContainText('31/08/2017')
  await page.screenshot({ path: screenshotPath('agenda-07-inscriptions'), fullPage: true })
  // After its last day the service leaves the child's agenda.
  await page.goto(`${host.url}#/enfants/${test_.childId}?onglet=agenda&mois=2017-09`)
  await expect(grid(page).locator('tbody tr')).toHaveCount(2)
})
