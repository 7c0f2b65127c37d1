import type { DB } from '@db/schema'
import {
  CHECKLIST_ITEMS,
  type ChecklistKey,
  type CompletenessCounts,
  type CompletenessRow,
} from '@shared/contract/completeness'
import { type Kysely, sql } from 'kysely'
import { inTransaction } from '../db/transaction'
import { coverageUnknown, refreshUnknownCoverage } from './coverage'
import { attending, type CheckColumns, checkedChildren, completeOn } from './query'

type CheckedRow = CheckColumns & {
  child_id: number
  identifier: string
  last_name: string
  first_name: string
  family_id: number
  family_number: string
  validated_at: string | null
}

const COLUMN_OF: Record<ChecklistKey, keyof CheckColumns> = {
  email: 'email_ok',
  authorized_person: 'person_ok',
  vaccinations: 'vaccines_ok',
  health_form: 'form_ok',
  pai: 'pai_ok',
}

export const missingOf = (row: CheckColumns): ChecklistKey[] =>
  CHECKLIST_ITEMS.map((i) => i.value).filter((key) => !row[COLUMN_OF[key]])

/**
 * Fills the coverage a bulk writer left unknown (a CSV import, the demo), in
 * its own transaction, before the completeness lists read it: computing
 * those rows once is cheaper than computing them at every count. Returns how
 * many children were computed.
 */
export async function ensureCoverage(db: Kysely<DB>): Promise<number> {
  if (!(await coverageUnknown(db))) return 0
  return inTransaction(db, (trx) => refreshUnknownCoverage(trx))
}

/** The children still attending, counted by (complete, validated), from their rows alone. */
export async function completenessCounts(db: Kysely<DB>, today: string): Promise<CompletenessCounts> {
  const { rows } = await sql<{ complete: number; validated: number; n: number }>`
    SELECT complete, validated, count(*) AS n FROM (
      SELECT ${completeOn(today)} AS complete, c.file_validated_at IS NOT NULL AS validated
      FROM children c WHERE ${attending(today)}) counted
    GROUP BY complete, validated`.execute(db)
  const sum = (keep: (r: { complete: number; validated: number }) => boolean) =>
    rows.filter(keep).reduce((total, r) => total + Number(r.n), 0)
  return {
    incomplete: sum((r) => r.complete === 0),
    toValidate: sum((r) => r.complete === 1 && r.validated === 0),
    lapsed: sum((r) => r.complete === 0 && r.validated === 1),
  }
}

export async function checkedRows(db: Kysely<DB>, today: string, ids: readonly number[]) {
  const { rows } = await sql<CheckedRow>`${checkedChildren(today, ids)}`.execute(db)
  return rows
}

/** Which of these children's files are complete on `today` (the badge of a validated file says so). */
export async function completeFiles(
  db: Kysely<DB>,
  today: string,
  ids: readonly number[],
): Promise<Set<number>> {
  return new Set((await checkedRows(db, today, ids)).filter((r) => r.complete === 1).map((r) => r.child_id))
}

/**
 * One page of the incomplete files (or of the complete ones still to
 * validate), in name order: the page's children are chosen by walking the
 * name index and testing each row's coverage, then only they are detailed.
 */
export async function completenessPage(
  db: Kysely<DB>,
  today: string,
  page: { state: 'incomplete' | 'to_validate'; offset: number; limit: number },
): Promise<{ rows: CompletenessRow[]; total: number }> {
  const filter =
    page.state === 'incomplete'
      ? sql`${completeOn(today)} = 0`
      : sql`${completeOn(today)} = 1 AND c.file_validated_at IS NULL`
  const { rows: ids } = await sql<{ child_id: number }>`
    SELECT c.id AS child_id FROM children c
    WHERE ${attending(today)} AND ${filter}
    ORDER BY c.last_name COLLATE NOCASE, c.first_name COLLATE NOCASE, c.id
    LIMIT ${page.limit} OFFSET ${page.offset}`.execute(db)
  const checked = new Map(
    (
      await checkedRows(
        db,
        today,
        ids.map((r) => r.child_id),
      )
    ).map((r) => [r.child_id, r]),
  )
  const rows = ids.flatMap(({ child_id }) => {
    const row = checked.get(child_id)
    if (!row) return []
    return [
      {
        childId: row.child_id,
        identifier: row.identifier,
        lastName: row.last_name,
        firstName: row.first_name,
        familyId: row.family_id,
        familyNumber: row.family_number,
        missing: missingOf(row),
        validatedAt: row.validated_at,
      },
    ]
  })
  const counts = await completenessCounts(db, today)
  return { rows, total: page.state === 'incomplete' ? counts.incomplete : counts.toValidate }
}
