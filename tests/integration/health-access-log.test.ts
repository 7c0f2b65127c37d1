import { parse } from 'csv-parse/sync'
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import type { Session } from '../../src-main/backend/context'
import type { ChildFile } from '../../src-shared/contract/children'
import type { FamilyFile } from '../../src-shared/contract/families'
import type {
  HealthAccessFile,
  HealthAccessPage,
  HealthAccessStaff,
} from '../../src-shared/contract/health-access'
import { createTestBackend, signedInAdmin, type TestBackend } from '../helpers/backend'
import { runCli } from '../helpers/cli'
import { auditEntries, createFamilyWithChild, signedInAs } from '../helpers/families'

// The health-data access log (docs/donnees-de-sante.md): who opened which
// child's health data, when and from where, for administrators only.

let backend: TestBackend
let admin: Session
let manager: Session
let child: ChildFile
let other: ChildFile
beforeEach(async () => {
  backend = createTestBackend()
  admin = await signedInAdmin(backend)
  child = (await createFamilyWithChild(backend, admin)).child
  const second = await backend.call<FamilyFile>(
    'families/create',
    { number: '383304832265', responsable: { nom: 'AUTRE', prenom: 'FAMILLE' } },
    admin,
  )
  other = await backend.call<ChildFile>(
    'children/create',
    { familyId: second.id, identifier: '383306398667', values: { nom: 'AUTRE', prenom: 'ENFANT' } },
    admin,
  )
  manager = await signedInAs(backend, admin, 'responsable')
})
afterEach(async () => backend.dispose())

const list = (input: Record<string, unknown> = {}, session = admin) =>
  backend.call<HealthAccessPage>('health-access/list', input, session)
const open = (id: number, session: Session) => backend.call<ChildFile>('children/get', { id }, session)

describe('health-data access log', () => {
  it('list who opened which child’s health data, when and from where, newest first', async () => {
    // 27/11/2026 09:00 UTC: the responsable opens TEST ENFANT's file.
    await open(child.id, manager)
    backend.clock.current = new Date('2026-11-29T10:00:00Z')
    await open(other.id, admin)
    const cli = await runCli('--db', backend.database, 'family', 'show', '383304832264', '--json')
    expect(cli.code).toBe(0)

    const { rows, nextBeforeId } = await list()
    expect(nextBeforeId).toBeNull()
    const mine = rows.filter((r) => r.childId !== null)
    expect(mine.map((r) => [r.actor, r.childName, r.familyNumber, r.source])).toEqual([
      [expect.any(String), 'TEST ENFANT', '383304832264', 'marelle family show'],
      ['Camille Admin', 'AUTRE ENFANT', '383304832265', 'children/get'],
      ['Compte responsable', 'TEST ENFANT', '383304832264', 'children/get'],
    ])
    expect(mine[2].note).toBe('Consultation des données de santé (fiche de l’enfant)')

    // Filters: period (days in France), staff member, family, child.
    expect((await list({ from: '28/11/2026' })).rows.every((r) => r.at >= '2026-11-27T23:00:00.000Z')).toBe(
      true,
    )
    expect((await list({ to: '27/11/2026' })).rows.map((r) => r.childName)).toEqual(
      expect.arrayContaining(['TEST ENFANT']),
    )
    expect((await list({ to: '27/11/2026' })).rows.some((r) => r.childName === 'AUTRE ENFANT')).toBe(false)
    const staff = await backend.call<HealthAccessStaff[]>('health-access/staff', {}, admin)
    const managerId = staff.find((s) => s.name === 'Compte responsable')?.id
    expect(managerId).toBeDefined()
    expect((await list({ staffId: managerId })).rows.map((r) => r.actor)).toEqual(['Compte responsable'])
    expect((await list({ family: '383304832265' })).rows.map((r) => r.childName)).toEqual(['AUTRE ENFANT'])
    expect((await list({ child: '383306398666' })).rows).toHaveLength(2)
    await expect(list({ family: '999999999999' })).rejects.toThrow(/Famille/)
    await expect(list({ from: '30/11/2026', to: '01/11/2026' })).rejects.toThrow('Au : doit être après Du')
  })

  it('page with a key: no entry twice, none left out', async () => {
    for (let i = 0; i < 7; i++) await open(i % 2 === 0 ? child.id : other.id, manager)
    const seen: number[] = []
    let beforeId: number | undefined
    for (;;) {
      const page = await list({ limit: 3, ...(beforeId ? { beforeId } : {}) })
      seen.push(...page.rows.map((r) => r.id))
      if (page.nextBeforeId === null) break
      beforeId = page.nextBeforeId
    }
    const all = (await auditEntries(backend, { action: ['child.health.view', 'health.bulk-view'] })).map(
      (r) => r.id,
    )
    expect(seen).toEqual([...all].reverse())
    expect(new Set(seen).size).toBe(seen.length)
  })

  it('is refused to every role but the administrator', async () => {
    await open(child.id, manager)
    const agent = await signedInAs(backend, admin, 'agent')
    for (const session of [agent, manager]) {
      await expect(list({}, session)).rejects.toThrow('Votre rôle ne permet pas cette action.')
      await expect(backend.call('health-access/export', {}, session)).rejects.toThrow(
        'Votre rôle ne permet pas cette action.',
      )
    }
  })

  it('export the filtered log as CSV, and audit the export', async () => {
    await open(child.id, manager)
    await open(other.id, manager)
    const file = await backend.call<HealthAccessFile>(
      'health-access/export',
      { family: '383304832264' },
      admin,
    )
    expect(file.rows).toBe(1)
    expect(file.fileName).toMatch(/^acces-donnees-de-sante-2026-11-27\.csv$/)
    const text = Buffer.from(file.base64 ?? '', 'base64').toString('utf8')
    expect(text.startsWith('\ufeff')).toBe(true)
    const records = parse(text, { delimiter: ';', bom: true }) as string[][]
    expect(records[0]).toEqual([
      'Date et heure',
      'Membre du personnel',
      'Lecture',
      'Enfant',
      'Identifiant enfant',
      'N° famille',
      'Demande',
      'Détail',
      'Origine',
    ])
    expect(records[1]).toEqual([
      '27/11/2026 10:00',
      'Compte responsable',
      'Consultation',
      'TEST ENFANT',
      '383306398666',
      '383304832264',
      '',
      'Consultation des données de santé (fiche de l’enfant)',
      'Écran (children/get)',
    ])
    const audit = await auditEntries(backend, { action: 'health-access.export' })
    expect(audit).toHaveLength(1)
    expect(audit[0].note).toBe(
      'Export du journal des accès aux données de santé (famille 383304832264) : 1 ligne',
    )
    expect(audit[0].actor).toBe('Camille Admin')
  })
})
