import { readFileSync } from 'node:fs'
import { join } from 'node:path'
import { parse } from 'csv-parse/sync'
import { describe, expect, it } from 'vitest'
import { FAMILY_FILES } from '../../src-main/backend/csv/index'
import type { ChildFile } from '../../src-shared/contract/children'
import { auditRows } from '../helpers/families'
import { exportTo, importFiles, writeCsv } from '../helpers/family-csv'
import { requestLine, requestsFixture } from '../helpers/requests'

// « Date de départ » in enfants.csv and in the portal's requests (docs/depart-et-archivage.md).

const t = requestsFixture()

const childRow = () =>
  t.backend.services.db
    .selectFrom('children')
    .select(['id', 'version', 'left_on', 'birth_date'])
    .where('identifier', '=', '383306398666')
    .executeTakeFirstOrThrow()
const archivedOn = async () =>
  (
    await t.backend.services.db
      .selectFrom('families')
      .select('archived_on')
      .where('number', '=', '383304832264')
      .executeTakeFirstOrThrow()
  ).archived_on

describe('Date de départ in enfants.csv', () => {
  it('is the last column, exported and read back, archiving the family again', async () => {
    expect(FAMILY_FILES.enfants.columns.at(-1)).toBe('Date de départ')
    const child = await childRow()
    await t.backend.call<ChildFile>(
      'children/update',
      { id: child.id, version: child.version, patch: { date_de_depart: '20/11/2026' } },
      t.admin,
    )
    expect(await archivedOn()).toBe('2026-11-20')
    const dir = join(t.backend.dir, 'export')
    await exportTo(t.backend, dir)
    const records = parse(readFileSync(join(dir, 'enfants.csv'), 'utf8'), {
      delimiter: ';',
      bom: true,
    }) as string[][]
    expect(records[0].at(-1)).toBe('Date de départ')
    expect(records[1].at(-1)).toBe('20/11/2026')

    // Lost in Marelle, brought back by the file: the family is archived again.
    await t.backend.services.db.updateTable('children').set({ left_on: null }).execute()
    expect(await archivedOn()).toBeNull()
    const report = await importFiles(t.backend, [join(dir, 'enfants.csv')])
    expect(report.problems).toEqual([])
    expect((await childRow()).left_on).toBe('2026-11-20')
    expect(await archivedOn()).toBe('2026-11-20')
  })

  it('reads an older file without the column and leaves the date as it is', async () => {
    await t.backend.services.db.updateTable('children').set({ left_on: '2026-11-20' }).execute()
    const path = writeCsv(t.backend.dir, 'enfants.csv', [
      ['Identifiant', 'N° famille', 'Nom', 'Prénom', 'École'],
      ['383306398666', '383304832264', 'TEST', 'ENFANT', 'Ecole de Biviers'],
    ])
    const report = await importFiles(t.backend, [path])
    expect(report.problems).toEqual([])
    expect((await childRow()).left_on).toBe('2026-11-20')
  })

  it('refuses a departure before the birth, naming the column and the line', async () => {
    const path = writeCsv(t.backend.dir, 'enfants.csv', [
      ['Identifiant', 'N° famille', 'Nom', 'Prénom', 'Date de naissance', 'Date de départ'],
      ['383306398666', '383304832264', 'TEST', 'ENFANT', '04/05/2019', '01/09/2018'],
    ])
    const report = await importFiles(t.backend, [path])
    expect(report.problems).toEqual([
      expect.objectContaining({
        line: 2,
        column: 'Date de départ',
        message: 'le 01/09/2018 est avant la date de naissance (04/05/2019).',
      }),
    ])
    expect(
      await t.backend.services.db
        .selectFrom('children')
        .select('left_on')
        .where('identifier', '=', '383306398666')
        .execute(),
    ).toEqual([{ left_on: null }])
  })
})

describe('departure.declare requests', () => {
  it('show the departure date for review and apply it as the child’s file does', async () => {
    const summary = await t.api.import(
      requestLine(1, 'departure.declare', { date_de_depart: '20/11/2026' }),
      requestLine(2, 'departure.declare', { date_depart: '2026-11-21' }),
      requestLine(3, 'departure.declare', { date_de_depart: '31/02/2026' }),
    )
    expect(summary.imported).toBe(2)
    expect(summary.errors).toEqual([{ line: 3, reason: expect.stringMatching(/^Date de départ/) }])
    // The later request replaces the first (same child, same subject).
    const review = await t.api.byRef('T-000002')
    expect(review.lines.map((l) => [l.field, l.current, l.requested])).toEqual([
      ['date_de_depart', null, '2026-11-21'],
    ])
    await t.api.decide('T-000002', 'all', { reply: 'Bonne continuation.' })
    expect((await childRow()).left_on).toBe('2026-11-21')
    expect(await archivedOn()).toBe('2026-11-21')
    const requestId = review.id
    expect(await auditRows(t.backend, `action = 'child.update' AND request_id = ${requestId}`)).toHaveLength(
      1,
    )
    expect(
      await auditRows(t.backend, `action = 'family.archive' AND request_id = ${requestId}`),
    ).toHaveLength(1)
  })
})
