import type { DB } from '@db/schema'
import {
  CHECKLIST_ITEMS,
  type ChecklistKey,
  type CompletenessCounts,
  type CompletenessRow,
} from '@shared/contract/completeness'
import { type Kysely, sql } from 'kysely'
import { type CheckColumns, checkedChildren } from './query'

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

export async function completenessCounts(db: Kysely<DB>, today: string): Promise<CompletenessCounts> {
  // One group per (complete, validated): `complete` is computed once per child.
  const { rows } = await sql<{ complete: number; validated: number; n: number }>`
    SELECT complete, validated_at IS NOT NULL AS validated, count(*) AS n
    FROM (${checkedChildren(today)}) GROUP BY 1, 2`.execute(db)
  const sum = (keep: (r: { complete: number; validated: number }) => boolean) =>
    rows.filter(keep).reduce((total, r) => total + r.n, 0)
  return {
    incomplete: sum((r) => r.complete === 0),
    toValidate: sum((r) => r.complete === 1 && r.validated === 0),
  }
}

export async function checkedRows(db: Kysely<DB>, today: string, ids: readonly number[]) {
  const { rows } = await sql<CheckedRow>`${checkedChildren(today, ids)}`.execute(db)
  return rows
}

/**
 * One page of the incomplete files (or of the complete ones still to
 * validate), in name order. The page's ids are chosen first so that the
 * checks of the other rows are never computed twice.
 */
export async function completenessPage(
  db: Kysely<DB>,
  today: string,
  page: { state: 'incomplete' | 'to_validate'; offset: number; limit: number },
): Promise<{ rows: CompletenessRow[]; total: number }> {
  const filter = page.state === 'incomplete' ? sql`complete = 0` : sql`complete = 1 AND validated_at IS NULL`
  const { rows: ids } = await sql<{ child_id: number; total: number }>`
    SELECT child_id, count(*) OVER () AS total FROM (${checkedChildren(today)})
    WHERE ${filter}
    ORDER BY last_name COLLATE NOCASE, first_name COLLATE NOCASE, child_id
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
  const total = ids[0]?.total ?? (page.offset > 0 ? await countOnly(db, today, page.state) : 0)
  return { rows, total }
}

async function countOnly(db: Kysely<DB>, today: string, state: 'incomplete' | 'to_validate') {
  const counts = await completenessCounts(db, today)
  return state === 'incomplete' ? counts.incomplete : counts.toValidate
}
