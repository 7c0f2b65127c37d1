import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import type { Session } from '../../src-main/backend/context'
import { isFamilyArchived } from '../../src-main/backend/departure/state'
import type { AgendaChildView } from '../../src-shared/contract/agenda'
import type { ChildFile } from '../../src-shared/contract/children'
import type { ChildListRow, FamilyListRow, SearchPage } from '../../src-shared/contract/search'
import { ADMIN_INPUT } from '../helpers/backend'
import { auditRows } from '../helpers/families'
import { importFiles, writeCsv } from '../helpers/family-csv'
import { type AgendaWorld, agendaWorld, SCHOOL_WEEK } from './agenda-fixture'

// Departure of a child and the family's archived state (docs/depart-et-archivage.md).
// The test clock says 27/11/2026.

let w: AgendaWorld
let admin: Session
let secondId: number
beforeEach(async () => {
  w = await agendaWorld()
  admin = w.backend.session()
  await w.backend.call('auth/login', { login: ADMIN_INPUT.login, password: ADMIN_INPUT.password }, admin)
  secondId = await w.addChild('383306398667', 'CADET')
})
afterEach(async () => w.backend.dispose())

const file = (id: number) => w.backend.call<ChildFile>('children/get', { id }, admin)
async function leave(id: number, day: string | null) {
  const f = await file(id)
  return w.backend.call<ChildFile>(
    'children/update',
    { id, version: f.version, patch: { date_de_depart: day } },
    admin,
  )
}
const families = (input: Record<string, unknown> = {}) =>
  w.backend.call<SearchPage<FamilyListRow>>('families/search', input, admin)
const children = (input: Record<string, unknown> = {}) =>
  w.backend.call<SearchPage<ChildListRow>>('children/search', input, admin)
const archivedOn = async () =>
  (
    await w.backend.services.db
      .selectFrom('families')
      .select('archived_on')
      .where('id', '=', w.familyId)
      .executeTakeFirstOrThrow()
  ).archived_on

describe('departure and archived families', () => {
  it('archive the family when its last child leaves, drop it from the lists, keep it searchable', async () => {
    const saved = await leave(w.childId, '20/11/2026')
    expect(saved.values.date_de_depart).toBe('2026-11-20')
    expect(await archivedOn()).toBeNull()
    expect((await families()).rows.map((r) => r.archived)).toEqual([false])

    await leave(secondId, '25/11/2026')
    expect(await archivedOn()).toBe('2026-11-25')
    expect(isFamilyArchived('2026-11-25', '2026-11-27')).toBe(true)
    const archive = await auditRows(w.backend, "action = 'family.archive'")
    expect(archive).toHaveLength(1)
    expect(archive[0].family_id).toBe(w.familyId)
    expect(JSON.parse(archive[0].changes ?? '[]')[0]).toMatchObject({ before: null, after: '2026-11-25' })

    // Out of the working lists…
    expect(await families()).toMatchObject({ rows: [], total: 0, archivedLeftOut: 1 })
    expect(await children()).toMatchObject({ rows: [], total: 0, archivedLeftOut: 2 })
    expect(await families({ query: 'TEST' })).toMatchObject({ rows: [], archivedLeftOut: 1 })
    // …still found when asked for, with the state to show the badge.
    const found = await families({ query: 'TEST', includeArchived: true })
    expect(found.rows.map((r) => [r.number, r.archived])).toEqual([['383304832264', true]])
    const kids = await children({ query: 'CADET', includeArchived: true })
    expect(kids.rows.map((r) => [r.firstName, r.leftOn, r.familyArchived])).toEqual([
      ['CADET', '2026-11-25', true],
    ])
    // The file still opens.
    expect((await file(secondId)).values.date_de_depart).toBe('2026-11-25')
  })

  it('un-archive the family when a departure is removed or a child is added', async () => {
    await leave(w.childId, '20/11/2026')
    await leave(secondId, '20/11/2026')
    expect(await archivedOn()).toBe('2026-11-20')
    await leave(secondId, null)
    expect(await archivedOn()).toBeNull()
    expect(await auditRows(w.backend, "action = 'family.unarchive'")).toHaveLength(1)
    expect((await families()).total).toBe(1)

    await leave(secondId, '21/11/2026')
    expect(await archivedOn()).toBe('2026-11-21')
    await w.backend.call(
      'children/create',
      { familyId: w.familyId, values: { nom: 'TEST', prenom: 'BEBE' } },
      admin,
    )
    expect(await archivedOn()).toBeNull()
    expect(await auditRows(w.backend, "action = 'family.unarchive'")).toHaveLength(2)
  })

  it('archive a family from the day of a departure recorded in advance', async () => {
    await leave(w.childId, '15/12/2026')
    await leave(secondId, '15/12/2026')
    expect(await archivedOn()).toBe('2026-12-15')
    expect((await families()).rows.map((r) => r.archived)).toEqual([false])
    w.backend.clock.current = new Date('2026-12-15T09:00:00Z')
    expect(await families()).toMatchObject({ total: 0, archivedLeftOut: 1 })
  })

  it('refuse a departure before the birth, naming the field', async () => {
    const f = await file(w.childId)
    await w.backend.call(
      'children/update',
      { id: w.childId, version: f.version, patch: { date_de_naissance: '04/05/2019' } },
      admin,
    )
    await expect(leave(w.childId, '01/01/2019')).rejects.toThrow(
      'Date de départ : le 01/01/2019 est avant la date de naissance (04/05/2019)',
    )
    await expect(leave(w.childId, '2026-99-01')).rejects.toThrow(/^Date de départ/)
    expect((await file(w.childId)).values.date_de_depart).toBeNull()
    expect(await archivedOn()).toBeNull()
  })

  it('end the enrolments on the departure day, audited, and expect the child no more', async () => {
    const serviceId = await w.addService({ code: 'BIV-SOIR', name: 'Accueil du soir', kind: 'accueil_soir' })
    await w.enrol(serviceId, '2026-09-01', SCHOOL_WEEK)
    await leave(w.childId, '20/11/2026')
    const ended = (
      await w.backend.services.db
        .selectFrom('enrolments')
        .select('ends_on')
        .where('child_id', '=', w.childId)
        .execute()
    ).map((r) => r.ends_on)
    expect(ended).toEqual(['2026-11-20'])
    const audit = await auditRows(w.backend, `action = 'enrolment.update' AND child_id = ${w.childId}`)
    expect(audit).toHaveLength(1)
    expect(JSON.parse(audit[0].changes ?? '[]')).toEqual([
      expect.objectContaining({ field: 'fin', before: null, after: '2026-11-20' }),
    ])
  })

  it('follow the departures a CSV import writes: enrolments ended, the archive and the return audited', async () => {
    const serviceId = await w.addService({ code: 'BIV-SOIR', name: 'Accueil du soir', kind: 'accueil_soir' })
    await w.enrol(serviceId, '2026-09-01', SCHOOL_WEEK)
    const rows = await w.backend.services.db
      .selectFrom('children as c')
      .innerJoin('families as f', 'f.id', 'c.family_id')
      .select(['c.identifier', 'c.last_name', 'c.first_name', 'f.number'])
      .where('c.id', 'in', [w.childId, secondId])
      .orderBy('c.id')
      .execute()
    const header = ['Identifiant', 'N° famille', 'Nom', 'Prénom', 'Date de départ']
    const line = (r: (typeof rows)[number], day: string) => [
      r.identifier,
      r.number,
      r.last_name,
      r.first_name,
      day,
    ]
    const leaving = writeCsv(w.backend.dir, 'enfants.csv', [
      header,
      line(rows[0], '20/11/2026'),
      line(rows[1], '25/11/2026'),
    ])
    expect((await importFiles(w.backend, [leaving])).problems).toEqual([])

    expect(
      await w.backend.services.db
        .selectFrom('enrolments')
        .select('ends_on')
        .where('child_id', '=', w.childId)
        .execute(),
    ).toEqual([{ ends_on: '2026-11-20' }])
    expect(
      await auditRows(w.backend, `action = 'enrolment.update' AND child_id = ${w.childId}`),
    ).toHaveLength(1)
    expect(await archivedOn()).toBe('2026-11-25')
    const archive = await auditRows(w.backend, "action = 'family.archive'")
    expect(archive).toHaveLength(1)
    expect(archive[0].family_id).toBe(w.familyId)
    expect(JSON.parse(archive[0].changes ?? '[]')[0]).toMatchObject({ before: null, after: '2026-11-25' })

    // A new child in the file brings the family back, audited too.
    const arriving = writeCsv(w.backend.dir, 'enfants.csv', [
      header,
      ['383306398668', rows[0].number, 'TEST', 'BENJAMIN', ''],
    ])
    expect((await importFiles(w.backend, [arriving])).problems).toEqual([])
    expect(await archivedOn()).toBeNull()
    const back = await auditRows(w.backend, "action = 'family.unarchive'")
    expect(back).toHaveLength(1)
    expect(JSON.parse(back[0].changes ?? '[]')[0]).toMatchObject({ before: '2026-11-25', after: null })
    // An import that changes nothing of the kind audits no archive move.
    expect((await importFiles(w.backend, [arriving])).problems).toEqual([])
    expect(await auditRows(w.backend, "action IN ('family.archive', 'family.unarchive')")).toHaveLength(2)
  })

  it('expect no day after a departure written without the service (CSV import, bulk writers)', async () => {
    const serviceId = await w.addService({ code: 'BIV-SOIR', name: 'Accueil du soir', kind: 'accueil_soir' })
    await w.enrol(serviceId, '2026-09-01', SCHOOL_WEEK)
    await w.backend.services.db
      .updateTable('children')
      .set({ left_on: '2026-11-20' })
      .where('id', '=', w.childId)
      .execute()
    const agenda = await w.backend.call<AgendaChildView>(
      'agenda/child',
      { childId: w.childId, month: '2026-11' },
      admin,
    )
    const expectedDays = agenda.rows.flatMap((r) => r.cells.filter((c) => c.expected).map((c) => c.date))
    expect(expectedDays.length).toBeGreaterThan(0)
    expect(expectedDays.every((d) => d <= '2026-11-20')).toBe(true)
  })
})
