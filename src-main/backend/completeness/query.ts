import { type RawBuilder, sql } from 'kysely'
import { earliestRunningAdmission } from './countdown'

// The completeness of children's files from columns of the child's row, so
// that the dashboard counts a city's children without reading their
// guardians, authorised persons and vaccinations. What does not depend on
// the day is kept up to date on the row (file_gaps, vaccines_covered_on:
// migration 20261201-1100-file-coverage, refreshed by coverage.ts); PAI
// validity and the provisional admission's countdown are compared with the
// day here. A row whose coverage is not known yet (NULL, after a bulk
// writer) is computed in full from child_coverage_source, so that the
// answer is always right, only slower until coverage.ts refreshes it.

/** Bits of file_gaps. */
export const GAP = { email: 1, person: 2, form: 4 } as const

const gaps = sql`coalesce(c.file_gaps, (SELECT s.file_gaps FROM child_coverage_source s WHERE s.id = c.id))`
const coveredOn = sql`(CASE WHEN c.file_gaps IS NULL
  THEN (SELECT s.vaccines_covered_on FROM child_coverage_source s WHERE s.id = c.id)
  ELSE c.vaccines_covered_on END)`

export interface CheckColumns {
  email_ok: number
  person_ok: number
  form_ok: number
  pai_ok: number
  vaccines_ok: number
  complete: number
}

/** The checks of a child's row (alias c) on `today`, each 1 or 0. */
function checks(today: string) {
  // coalesce: a comparison with NULL is NULL, and NULL OR false is NULL, not 0.
  const paiOk = sql`(c.pai = 0 OR coalesce(c.pai_valid_until, '') >= ${today})`
  // false, not 0: PostgreSQL's comparisons are booleans (SQLite reads false as 0).
  const vaccinesOk = sql`(coalesce(c.provisional_admission_on >= ${earliestRunningAdmission(today)}, false)
    OR coalesce(${coveredOn} <= ${today}, false))`
  return { paiOk, vaccinesOk }
}

/** 1 when the child's file (alias c) is complete on `today`, else 0: the cheap checks first. */
export function completeOn(today: string): RawBuilder<number> {
  const { paiOk, vaccinesOk } = checks(today)
  return sql<number>`(CASE WHEN ${gaps} = 0 AND ${paiOk} AND ${vaccinesOk} THEN 1 ELSE 0 END)`
}

/** Children still attending on `today` (alias c). */
export const attending = (today: string) => sql`(c.left_on IS NULL OR c.left_on > ${today})`

/**
 * One row per child of `ids` (attending or not), with a column per check.
 * Columns: child_id, identifier, last_name, first_name, family_id,
 * family_number, validated_at and those of CheckColumns.
 */
export function checkedChildren(today: string, ids: readonly number[]): RawBuilder<unknown> {
  const { paiOk, vaccinesOk } = checks(today)
  return sql`
    SELECT child_id, identifier, last_name, first_name, family_id, family_number, validated_at,
      (gaps & ${GAP.email}) = 0 AS email_ok, (gaps & ${GAP.person}) = 0 AS person_ok,
      (gaps & ${GAP.form}) = 0 AS form_ok, pai_ok, vaccines_ok,
      CASE WHEN gaps = 0 AND pai_ok AND vaccines_ok THEN 1 ELSE 0 END AS complete
    FROM (
      SELECT c.id AS child_id, c.identifier, c.last_name, c.first_name, c.family_id,
        f.number AS family_number, c.file_validated_at AS validated_at,
        ${gaps} AS gaps, ${paiOk} AS pai_ok, ${vaccinesOk} AS vaccines_ok
      FROM children c
      JOIN families f ON f.id = c.family_id
      WHERE c.id IN (${sql.join(ids.length > 0 ? ids : [0])})) checked`
}
