import { execFileSync } from 'node:child_process'
import { writeFileSync } from 'node:fs'
import { join } from 'node:path'
import type { Page } from '@playwright/test'
import { demoWithTestFamily, type TestFamily } from './families-fixture'
import { expect, type Host, screenshotPath, signIn, startHost, test } from './host'

// Issue 12, item 6: what another desktop changes in the same database file
// shows here within a few seconds, without reloading the page; a file with
// unsaved edits is not reloaded under them but says who changed it.

let host: Host
let family: TestFamily
test.describe.configure({ mode: 'serial' })
test.beforeAll(async () => {
  host = await startHost()
  // The seed's TEST family alone, with its two pending requests (the e-mail and the Pentacoq).
  family = await demoWithTestFamily(host, 0)
})
test.afterAll(async () => host.close())

const nav = (page: Page, name: string) =>
  page.getByRole('navigation', { name: 'Navigation principale' }).getByRole('link', { name }).click()

/** The command line on the same file: another process, as another desktop would be. */
const cli = (...args: string[]) =>
  execFileSync(process.execPath, ['bin/marelle.js', '--db', host.dbPath, '--as', 'admin', ...args], {
    encoding: 'utf8',
  })

test('a request decided by the command line leaves the queue and the counts of the open page', async ({
  page,
}) => {
  await signIn(page, host)
  const card = page.getByLabel('Demandes en attente', { exact: true })
  await expect(card).toContainText('2 demande(s) en attente')
  await nav(page, 'Demandes')
  const rows = page.locator('.ag-row')
  await expect(rows).toHaveCount(2)
  await expect(page.getByText('2 en attente')).toBeVisible()

  expect(cli('requests', 'decide', 'P-20170703-000017', '--validate')).toContain('validée')
  // Polled every 3 s: well within the expectation's 10 s, and no navigation in between.
  await expect(rows).toHaveCount(1)
  await expect(page.getByText('1 en attente')).toBeVisible()
  await expect(rows.filter({ hasText: 'Modification du responsable' })).toHaveCount(0)
  await page.screenshot({ path: screenshotPath('changes-01-file-apres-decision-ailleurs') })

  await nav(page, 'Tableau de bord')
  await expect(card).toContainText('1 demande(s) en attente')
  expect(
    cli('requests', 'decide', 'P-20170703-000018', '--refuse', '--reply', 'Carnet illisible.'),
  ).toContain('refusée')
  await expect(card).toContainText('Aucune demande en attente.')

  // A portal import elsewhere: one audit entry for the whole file, and the count comes back.
  const file = join(host.dir, 'portail.jsonl')
  writeFileSync(
    file,
    `${JSON.stringify({
      ref: 'P-20170703-000019',
      submitted_at: '2017-07-03T10:25:00+02:00',
      family: '383304832264',
      child: '383306398666',
      kind: 'authorized_person.delete',
      payload: { nom: 'VOISNE', prenom: 'TEST' },
    })}\n`,
  )
  expect(cli('requests', 'import', file)).toContain('1')
  await expect(card).toContainText('1 demande(s) en attente')
  await page.screenshot({ path: screenshotPath('changes-02-tableau-de-bord') })
})

test('a family edited on another desktop: reloaded when untouched, a banner over unsaved edits, then the conflict message', async ({
  page,
}) => {
  // Another desktop: a second web host on the same file, another staff member signed in there.
  await family.call('staff/create', {
    login: 'dmartin',
    displayName: 'Dominique Martin',
    role: 'agent',
    password: 'Marelle-2026!',
    provisional: false,
  })
  const other = await startHost(host.dbPath)
  const session = 'e2e-other-desktop-0001'
  try {
    await other.api('auth/login', { login: 'dmartin', password: 'Marelle-2026!' }, session)
    type File = { responsable: { version: number } }
    const saveElsewhere = async (patch: Record<string, unknown>) => {
      const file = (await other.api('families/get', { id: family.familyId }, session)) as File
      await other.api(
        'families/saveGuardian',
        { familyId: family.familyId, role: 'responsable', version: file.responsable.version, patch },
        session,
      )
    }

    await signIn(page, host)
    await page.evaluate((id) => {
      window.location.hash = `#/familles/${id}`
    }, family.familyId)
    const profession = page.getByRole('textbox', { name: 'Profession', exact: true })
    await expect(profession).toHaveValue('')

    // Nothing typed: the file is read again by itself.
    await saveElsewhere({ profession: 'Boulanger' })
    await expect(profession).toHaveValue('Boulanger')
    const banner = page.getByRole('alert').filter({ hasText: 'Modifié sur un autre poste' })
    await expect(banner).toHaveCount(0)

    // Edits typed here and not saved: kept, and the banner says who changed the file.
    await profession.fill('Pâtissier')
    await saveElsewhere({ employeur: 'Boulangerie du Bourg' })
    await expect(banner).toContainText(
      /Ce dossier a été modifié par Dominique Martin à \d\d:\d\d sur un autre poste\. Rechargez-le avant d’enregistrer vos changements\./,
    )
    await expect(profession).toHaveValue('Pâtissier')
    await expect(page.getByRole('textbox', { name: 'Employeur', exact: true })).toHaveValue('')
    await page.screenshot({ path: screenshotPath('changes-03-bandeau-dossier-modifie') })

    // Saving anyway, on the version read before: refused with what changed in between.
    await page.getByRole('button', { name: 'Enregistrer le responsable' }).click()
    await expect(page.getByText('Modifié entre-temps par quelqu’un d’autre')).toBeVisible()
    await expect(page.getByText(/Boulangerie du Bourg/).first()).toBeVisible()
    await page.screenshot({ path: screenshotPath('changes-04-conflit') })

    await banner.getByRole('button', { name: 'Recharger' }).click()
    await expect(banner).toHaveCount(0)
    await expect(page.getByRole('textbox', { name: 'Employeur', exact: true })).toHaveValue(
      'Boulangerie du Bourg',
    )
    await expect(profession).toHaveValue('Boulanger')
  } finally {
    await other.close()
  }
})
