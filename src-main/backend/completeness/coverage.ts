import type { DB } from '@db/schema'
import { type Kysely, sql } from 'kysely'

// Keeps each child's coverage columns (file_gaps, vaccines_covered_on) right.
// The migration's triggers forget a child's coverage whenever what it depends
// on changes, whoever writes; these statements compute the forgotten rows
// again from child_coverage_source (where the rule is written once).

const SET = `UPDATE children SET (file_gaps, vaccines_covered_on) =
  (SELECT s.file_gaps, s.vaccines_covered_on FROM child_coverage_source s WHERE s.id = children.id)`
const UNKNOWN = `${SET} WHERE id IN (SELECT id FROM children WHERE file_gaps IS NULL)`

/**
 * Computes again the coverage of a family's children that a change has just
 * made unknown, in the caller's transaction: the services call it after
 * each write on a family's guardians, children, authorised persons or
 * vaccinations, so that the dashboard counts the change at once.
 */
export async function refreshFamilyCoverage(trx: Kysely<DB>, familyId: number): Promise<void> {
  await sql`${sql.raw(SET)} WHERE family_id = ${familyId} AND file_gaps IS NULL`.execute(trx)
}

/** The same for several families at once (bulk validation, once per batch: requests/decision-writes.ts). */
export async function refreshFamiliesCoverage(trx: Kysely<DB>, familyIds: number[]): Promise<void> {
  if (familyIds.length === 0) return
  await sql`${sql.raw(SET)} WHERE family_id IN (${sql.join(familyIds)}) AND file_gaps IS NULL`.execute(trx)
}

/** True when some child's coverage is unknown (a bulk writer changed its file). */
export async function coverageUnknown(db: Kysely<DB>): Promise<boolean> {
  const row = await db
    .selectFrom('children')
    .select('id')
    .where('file_gaps', 'is', null)
    .limit(1)
    .executeTakeFirst()
  return row !== undefined
}

/**
 * Computes again every child's coverage left unknown, in the caller's
 * transaction: after a CSV import or the demo, which write without the
 * services. Returns how many children were computed.
 */
export async function refreshUnknownCoverage(trx: Kysely<DB>): Promise<number> {
  const result = await sql.raw(UNKNOWN).execute(trx)
  return Number(result.numAffectedRows ?? 0)
}
