import type { DB } from '@db/schema'
import { sql, type Updateable } from 'kysely'
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { attending, completeOn } from '../../src-main/backend/completeness/query'
import { completenessCounts } from '../../src-main/backend/completeness/service'
import type { Session } from '../../src-main/backend/context'
import type { ChildFile } from '../../src-shared/contract/children'
import type { CompletenessCounts } from '../../src-shared/contract/completeness'
import { createTestBackend, signedInAdmin, type TestBackend } from '../helpers/backend'
import { createFamilyWithChild } from '../helpers/families'

// The count reads each child's window of complete days (complete_from,
// complete_until), kept by triggers from the row's columns; these tests
// compare it with the rule evaluated child by child, whatever writes the row.

let backend: TestBackend
let admin: Session
let child: ChildFile
let other: ChildFile
beforeEach(async () => {
  backend = createTestBackend()
  admin = await signedInAdmin(backend)
  const created = await createFamilyWithChild(backend, admin)
  child = created.child
  other = await backend.call<ChildFile>(
    'children/create',
    { familyId: created.family.id, identifier: '383306398667', values: { nom: 'TEST', prenom: 'SOEUR' } },
    admin,
  )
})
afterEach(async () => backend.dispose())

/** The rule evaluated for every attending child, as the count did before the window. */
async function ruleCounts(today: string): Promise<CompletenessCounts> {
  const { rows } = await sql<{ complete: number; validated: number; n: number }>`
    SELECT complete, validated, count(*) AS n FROM (
      SELECT ${completeOn(today)} AS complete, c.file_validated_at IS NOT NULL AS validated
      FROM children c WHERE ${attending(today)}) counted
    GROUP BY complete, validated`.execute(backend.services.db)
  const sum = (keep: (r: { complete: number; validated: number }) => boolean) =>
    rows.filter(keep).reduce((total, r) => total + Number(r.n), 0)
  return {
    incomplete: sum((r) => r.complete === 0),
    toValidate: sum((r) => r.complete === 1 && r.validated === 0),
    lapsed: sum((r) => r.complete === 0 && r.validated === 1),
  }
}

/** A writer outside the services (an import, a departure, an anonymisation) sets the row's columns. */
async function write(id: number, columns: Updateable<DB['children']>) {
  await backend.services.db.updateTable('children').set(columns).where('id', '=', id).execute()
}

const windowOf = (id: number) =>
  backend.services.db
    .selectFrom('children')
    .select(['complete_from', 'complete_until'])
    .where('id', '=', id)
    .executeTakeFirst()

// Days on both sides of every boundary the scenarios use.
const DAYS = [
  '2019-12-31',
  '2020-03-01',
  '2020-03-02',
  '2026-03-10',
  '2026-03-11',
  '2026-04-10',
  '2026-04-11',
  '2026-06-14',
  '2026-06-15',
  '2031-01-01',
]

describe('the window of complete days', () => {
  it('is kept from the coverage, the PAI and the departure, and ends the day before the child leaves', async () => {
    await write(child.id, { file_gaps: 0, vaccines_covered_on: '2020-03-01' })
    expect(await windowOf(child.id)).toEqual({ complete_from: '2020-03-01', complete_until: null })
    await write(child.id, { pai: 1, pai_valid_until: '2026-03-10' })
    expect(await windowOf(child.id)).toEqual({ complete_from: '2020-03-01', complete_until: '2026-03-10' })
    await write(child.id, { left_on: '2026-02-01' })
    expect(await windowOf(child.id)).toEqual({ complete_from: '2020-03-01', complete_until: '2026-01-31' })
    await write(child.id, { left_on: '2020-03-01' })
    expect(await windowOf(child.id)).toEqual({ complete_from: null, complete_until: null })
    await write(child.id, { left_on: null, pai_valid_until: null })
    expect(await windowOf(child.id)).toEqual({ complete_from: null, complete_until: null })
    await write(child.id, { pai: 0 })
    expect(await windowOf(child.id)).toEqual({ complete_from: '2020-03-01', complete_until: null })
    // Unknown coverage and a provisional admission leave the row to the full rule.
    await write(child.id, { provisional_admission_on: '2026-01-10' })
    expect(await windowOf(child.id)).toEqual({ complete_from: null, complete_until: null })
    await write(child.id, { provisional_admission_on: null, file_gaps: null })
    expect(await windowOf(child.id)).toEqual({ complete_from: null, complete_until: null })
  })

  it('counts as the rule does, child by child, on every day around each boundary', async () => {
    await write(other.id, {
      file_gaps: 0,
      vaccines_covered_on: '2020-03-01',
      file_validated_at: '2026-01-05T10:00:00Z',
    })
    let compared = 0
    for (const gaps of [0, 2, null])
      for (const covered of ['2020-03-01', null])
        for (const pai of [
          [0, null],
          [1, null],
          [1, '2026-03-10'],
          [1, '2019-01-01'],
        ] as const)
          for (const left of [null, '2026-06-15', '2020-03-02', '2020-03-01'])
            for (const provisional of [null, '2026-01-10'])
              for (const validated of [null, '2026-01-05T10:00:00Z']) {
                await write(child.id, {
                  file_gaps: gaps,
                  vaccines_covered_on: covered,
                  pai: pai[0],
                  pai_valid_until: pai[1],
                  left_on: left,
                  provisional_admission_on: provisional,
                  file_validated_at: validated,
                })
                for (const day of DAYS) {
                  expect(await completenessCounts(backend.services.db, day)).toEqual(await ruleCounts(day))
                  compared++
                }
              }
    expect(compared).toBe(3 * 2 * 4 * 4 * 2 * 2 * DAYS.length)
    // Thousands of round trips: a server under a shared machine's load needs more than the default 30 s.
  }, 300_000)

  it('a child counts until the day before it leaves, and a PAI up to its last valid day', async () => {
    await write(child.id, {
      file_gaps: 0,
      vaccines_covered_on: '2020-03-01',
      pai: 1,
      pai_valid_until: '2026-03-10',
    })
    await write(other.id, { file_gaps: 0, vaccines_covered_on: '2020-03-01', left_on: '2026-06-15' })
    const counts = (day: string) => completenessCounts(backend.services.db, day)
    expect(await counts('2026-03-10')).toEqual({ incomplete: 0, toValidate: 2, lapsed: 0 })
    expect(await counts('2026-03-11')).toEqual({ incomplete: 1, toValidate: 1, lapsed: 0 })
    expect(await counts('2026-06-14')).toEqual({ incomplete: 1, toValidate: 1, lapsed: 0 })
    expect(await counts('2026-06-15')).toEqual({ incomplete: 1, toValidate: 0, lapsed: 0 })
    expect(await counts('2020-02-29')).toEqual({ incomplete: 2, toValidate: 0, lapsed: 0 })
  })
})
