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

/**
 * The children still attending, counted by (complete, validated), from their
 * rows alone and without evaluating the rule row by row: the attending
 * children through the departure index, the complete ones as those whose
 * window (complete_from, complete_until: migration completeness-window)
 * holds `today`, minus those whose window closed before it. The few rows
 * without a window because it is not known or not one range (coverage
 * unknown, provisional admission) are counted with the full rule.
 */
export async function completenessCounts(db: Kysely<DB>, today: string): Promise<CompletenessCounts> {
  const counted = sql`count(*) AS n, count(c.file_validated_at) AS v FROM children c`
  const validated = sql`(CASE WHEN c.file_validated_at IS NULL THEN 0 ELSE 1 END)`
  // The attending condition is part of the full rule's sum, not of its WHERE:
  // the planner would otherwise walk the departure index instead of these few rows.
  const ruled = sql`(CASE WHEN ${attending(today)} THEN ${completeOn(today)} ELSE 0 END) AS complete,
    ${validated} AS validated FROM children c`
  const { rows } = await sql<{
    staying: number
    staying_validated: number
    leaving: number
    leaving_validated: number
    from: number
    from_validated: number
    closed: number
    closed_validated: number
    rule: number | null
    rule_validated: number | null
  }>`
    SELECT a.n AS staying, a.v AS staying_validated, l.n AS leaving, l.v AS leaving_validated,
      w.n AS "from", w.v AS from_validated, u.n AS closed, u.v AS closed_validated,
      r.n AS rule, r.v AS rule_validated
    FROM (SELECT ${counted} WHERE c.left_on IS NULL) a,
      (SELECT ${counted} WHERE c.left_on > ${today}) l,
      (SELECT ${counted} WHERE c.complete_from IS NOT NULL AND c.complete_from <= ${today}) w,
      (SELECT ${counted} WHERE c.complete_until IS NOT NULL AND c.complete_until < ${today}) u,
      (SELECT sum(complete) AS n, sum(complete * validated) AS v FROM (
         SELECT ${ruled} WHERE c.file_gaps IS NULL
         UNION ALL
         SELECT ${ruled} WHERE c.provisional_admission_on IS NOT NULL AND c.file_gaps IS NOT NULL) ruled) r`.execute(
    db,
  )
  const n = rows[0]
  const complete = Number(n.from) - Number(n.closed) + Number(n.rule ?? 0)
  const completeValidated =
    Number(n.from_validated) - Number(n.closed_validated) + Number(n.rule_validated ?? 0)
  const attendingCount = Number(n.staying) + Number(n.leaving)
  return {
    incomplete: attendingCount - complete,
    toValidate: complete - completeValidated,
    lapsed: Number(n.staying_validated) + Number(n.leaving_validated) - completeValidated,
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
