import { DTP, ELEVEN_VACCINES_FROM, VACCINE_DISEASES } from '@shared/domain/health'
import { type RawBuilder, sql } from 'kysely'
import { earliestRunningAdmission } from './countdown'

// The completeness of children's files in one SQL statement, so that the
// dashboard counts 100,000 families without loading them. Each check is a
// column (1 or 0); `complete` tests the cheap ones first and counts the
// vaccinations only when they pass (CASE evaluates lazily).

/** One bit per mandatory disease, in the order of VACCINE_DISEASES. */
const BIT = new Map(VACCINE_DISEASES.map((d, i) => [d.value as string, 1 << i]))
const maskOf = (diseases: readonly string[]) => diseases.reduce((mask, d) => mask | (BIT.get(d) ?? 0), 0)
const ALL_MASK = maskOf(VACCINE_DISEASES.map((d) => d.value))
const DTP_MASK = maskOf(DTP)

/** Each catalogue product's diseases as a bit mask, read from the catalogue in the same statement. */
const productMasks = sql`
  disease_bits (disease, bit) AS (
    VALUES ${sql.join([...BIT].map(([disease, bit]) => sql`(${sql.lit(disease)}, ${sql.lit(bit)})`))}),
  product_masks AS MATERIALIZED (
    SELECT d.product_id, sum(b.bit) AS mask
    FROM vaccine_product_diseases d JOIN disease_bits b ON b.disease = d.disease
    GROUP BY d.product_id)`

/**
 * Whether the child is protected from every mandatory disease by
 * vaccinations done by `today`: the bitwise OR of its products' masks holds
 * every bit of the mandatory set (11 from 2018 and when the birth date is
 * unknown, DTP before). One pass over the child's vaccinations, no sorting.
 */
function protectedFromAll(today: string): RawBuilder<number> {
  const mandatory = sql`(CASE WHEN c.birth_date < ${ELEVEN_VACCINES_FROM} THEN ${sql.lit(DTP_MASK)} ELSE ${sql.lit(ALL_MASK)} END)`
  return sql<number>`((
    SELECT coalesce(bit_or(pm.mask), 0) FROM vaccinations v JOIN product_masks pm ON pm.product_id = v.product_id
    WHERE v.child_id = c.id AND v.vaccinated_on <= ${today}
  ) & ${mandatory}) = ${mandatory}`
}

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
  // coalesce: without an admission day the comparison is NULL, and NULL OR false is NULL, not 0.
  const vaccinesOk = sql`(coalesce(c.provisional_admission_on >= ${earliestRunningAdmission(today)}, 0)
    OR ${protectedFromAll(today)})`
  const emailOk = sql`(coalesce(g.email, '') <> '')`
  const personOk = sql`EXISTS (SELECT 1 FROM authorized_persons p WHERE p.child_id = c.id)`
  const formOk = sql`(c.health_form_completed_on IS NOT NULL)`
  const paiOk = sql`(c.pai = 0 OR coalesce(c.pai_valid_until, '') >= ${today})`
  return sql`
    WITH ${productMasks}
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
