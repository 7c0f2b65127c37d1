import { type RawBuilder, sql } from 'kysely'
import { DTP, ELEVEN_VACCINES_FROM, VACCINE_DISEASES } from '@shared/domain/health'
import { earliestRunningAdmission } from './countdown'

// The completeness of children's files in one SQL statement, so that the
// dashboard counts 100,000 families without loading them. Each check is a
// column (1 or 0); `complete` tests the cheap ones first and counts the
// vaccinations only when they pass (CASE evaluates lazily).

const OTHER_MANDATORY = VACCINE_DISEASES.map((d) => d.value).filter((d) => !DTP.includes(d))
const list = (values: readonly string[]) =>
  sql.join(
    values.map((v) => sql.lit(v)),
    sql`, `,
  )

/**
 * Mandatory diseases the child is protected from by vaccinations done by
 * `today`. The child's distinct products are collected first: a record
 * repeats the same product for each dose, and each product covers up to six
 * diseases.
 */
function coveredCount(today: string): RawBuilder<number> {
  return sql<number>`(
    SELECT count(DISTINCT d.disease) FROM vaccine_product_diseases d
    WHERE d.product_id IN (
        SELECT v.product_id FROM vaccinations v WHERE v.child_id = c.id AND v.vaccinated_on <= ${today})
      AND (d.disease IN (${list(DTP)})
        OR (coalesce(c.birth_date, '9999-12-31') >= ${ELEVEN_VACCINES_FROM}
          AND d.disease IN (${list(OTHER_MANDATORY)})))
  )`
}

/** 11 vaccinations from 2018 (and when the birth date is unknown), DTP before. */
const mandatoryCount = sql<number>`(CASE WHEN c.birth_date < ${ELEVEN_VACCINES_FROM}
  THEN ${DTP.length} ELSE ${VACCINE_DISEASES.length} END)`

export interface CheckColumns {
  email_ok: number
  person_ok: number
  form_ok: number
  pai_ok: number
  vaccines_ok: number
  complete: number
}

/**
 * One row per child still attending on `today` (or per child of `onlyIds`,
 * whether attending or not), with a column per check.
 * Columns: child_id, identifier, last_name, first_name, family_id,
 * family_number, validated_at and those of CheckColumns.
 */
export function checkedChildren(today: string, onlyIds?: readonly number[]): RawBuilder<unknown> {
  const vaccinesOk = sql`(c.provisional_admission_on >= ${earliestRunningAdmission(today)}
    OR ${coveredCount(today)} >= ${mandatoryCount})`
  const emailOk = sql`(coalesce(g.email, '') <> '')`
  const personOk = sql`EXISTS (SELECT 1 FROM authorized_persons p WHERE p.child_id = c.id)`
  const formOk = sql`(c.health_form_completed_on IS NOT NULL)`
  const paiOk = sql`(c.pai = 0 OR coalesce(c.pai_valid_until, '') >= ${today})`
  return sql`
    SELECT c.id AS child_id, c.identifier, c.last_name, c.first_name, c.family_id,
      f.number AS family_number, c.file_validated_at AS validated_at,
      ${emailOk} AS email_ok, ${personOk} AS person_ok, ${formOk} AS form_ok, ${paiOk} AS pai_ok,
      ${vaccinesOk} AS vaccines_ok,
      CASE WHEN ${emailOk} AND ${formOk} AND ${paiOk} AND ${personOk} THEN ${vaccinesOk} ELSE 0 END
        AS complete
    FROM children c
    JOIN families f ON f.id = c.family_id
    LEFT JOIN guardians g ON g.family_id = c.family_id AND g.role = 'responsable'
    WHERE ${onlyIds ? sql`c.id IN (${sql.join(onlyIds.length > 0 ? onlyIds : [0])})` : sql`(c.left_on IS NULL OR c.left_on > ${today})`}`
}
