import { mkdirSync, mkdtempSync, rmSync, utimesSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import BetterSqlite3 from 'better-sqlite3-multiple-ciphers'
import { damageTable } from '../helpers/damage'
import { createAdmin, expect, type Host, screenshotPath, signIn, startHost, test } from './host'

// Issue 9, point 13: a database with a damaged page opens normally; the
// start-up check finds it and the administrator is offered the latest good
// backup, with its date, in a window that cannot be dismissed.

let dir: string
let host: Host
test.describe.configure({ mode: 'serial' })
test.beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'marelle-e2e-health-'))
  const db = join(dir, 'marelle.db')
  const first = await startHost(db)
  await createAdmin(first)
  const session = 'e2e-setup-session-0001'
  for (let i = 0; i < 30; i++)
    await first.api(
      'families/create',
      { number: String(500000 + i), responsable: { nom: `DURAND${i}` } },
      session,
    )
  await first.close()
  mkdirSync(join(dir, 'backups'))
  const backup = join(dir, 'backups', 'sauvegarde-auto-2026-11-30.db')
  const sqlite = new BetterSqlite3(db)
  sqlite.prepare('VACUUM INTO ?').run(backup)
  sqlite.close()
  const takenAt = new Date('2026-11-30T07:15:00Z')
  utimesSync(backup, takenAt, takenAt)
  damageTable(db, 'families')
  host = await startHost(db)
})
test.afterAll(async () => {
  await host.close()
  rmSync(dir, { recursive: true, force: true })
})

test('the administrator sees the damage and restores the latest good backup', async ({ page }) => {
  await signIn(page, host)
  const dialog = page.getByRole('dialog', { name: 'La base de données est endommagée' })
  await expect(dialog).toBeVisible()
  await expect(dialog.getByText('Table « families » : illisible')).toBeVisible()
  await expect(dialog.getByText('30/11/2026 08:15', { exact: false }).first()).toBeVisible()
  await page.keyboard.press('Escape')
  await expect(dialog).toBeVisible()
  await page.screenshot({ path: screenshotPath('sante-base-endommagee') })

  await dialog.getByRole('button', { name: 'Restaurer la sauvegarde du 30/11/2026 08:15' }).click()
  const done = page.getByRole('dialog', { name: 'Base restaurée' })
  await expect(done).toBeVisible()
  await expect(done.getByText(/marelle-endommagee-.*\.db/)).toBeVisible()
  await page.screenshot({ path: screenshotPath('sante-base-restauree') })
  await done.getByRole('button', { name: 'Fermer' }).click()
  await expect(page.getByRole('dialog')).toHaveCount(0)

  await page.reload()
  await expect(page.getByRole('navigation', { name: 'Navigation principale' })).toBeVisible()
  await expect(page.getByRole('dialog')).toHaveCount(0)
})
