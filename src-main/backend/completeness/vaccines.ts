import type { DB } from '@db/schema'
import { type VaccineStatus, vaccineStatus } from '@shared/domain/vaccine-status'
import type { Kysely } from 'kysely'

/**
 * A child's mandatory-vaccine status on `today`, from its vaccinations and
 * the diseases of the catalogue products they were linked to (as the
 * completeness SQL counts them).
 */
export async function childVaccineStatus(
  db: Kysely<DB>,
  child: { id: number; birth_date: string | null; provisional_admission_on: string | null },
  today: string,
): Promise<VaccineStatus> {
  const rows = await db
    .selectFrom('vaccinations as v')
    .leftJoin('vaccine_product_diseases as d', 'd.product_id', 'v.product_id')
    .select(['v.id', 'v.vaccine_name', 'v.vaccinated_on', 'd.disease'])
    .where('v.child_id', '=', child.id)
    .execute()
  const byId = new Map<number, { name: string; date: string; diseases: string[] }>()
  for (const row of rows) {
    const line = byId.get(row.id) ?? { name: row.vaccine_name, date: row.vaccinated_on, diseases: [] }
    if (row.disease) line.diseases.push(row.disease)
    byId.set(row.id, line)
  }
  return vaccineStatus({
    birthDate: child.birth_date,
    today,
    admittedOn: child.provisional_admission_on,
    vaccinations: [...byId.values()].map((v) => ({
      name: v.name,
      date: v.date,
      // null: a name linked to no product is reported as unrecognised, and counts for nothing.
      diseases: v.diseases.length > 0 ? v.diseases : null,
    })),
  })
}
