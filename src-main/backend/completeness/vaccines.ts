import type { Kysely } from 'kysely'
import type { DB } from '@db/schema'
import { DTP, ELEVEN_VACCINES_FROM, VACCINE_DISEASES } from '@shared/domain/health'
import { provisionalDeadline } from './countdown'

// TODO(after merging demo): replace by vaccineStatus() of @shared/domain/vaccine-status.
export interface VaccineSummary {
  missing: string[]
  provisional: { deadline: string; daysLeft: number; overdue: boolean } | null
}

const daysBetween = (from: string, to: string) =>
  Math.round((Date.parse(`${to}T00:00:00Z`) - Date.parse(`${from}T00:00:00Z`)) / 86_400_000)

/** Which mandatory vaccinations a child lacks on `today`, and its provisional admission countdown. */
export async function vaccineSummary(
  db: Kysely<DB>,
  child: { id: number; birth_date: string | null; provisional_admission_on: string | null },
  today: string,
): Promise<VaccineSummary> {
  const rows = await db
    .selectFrom('vaccinations as v')
    .innerJoin('vaccine_product_diseases as d', 'd.product_id', 'v.product_id')
    .select('d.disease')
    .where('v.child_id', '=', child.id)
    .where('v.vaccinated_on', '<=', today)
    .execute()
  const covered = new Set(rows.map((r) => r.disease))
  const all = VACCINE_DISEASES.map((d) => d.value as string)
  const mandatory = child.birth_date !== null && child.birth_date < ELEVEN_VACCINES_FROM ? DTP : all
  const missing = mandatory.filter((d) => !covered.has(d))
  const admitted = child.provisional_admission_on
  if (missing.length === 0 || !admitted) return { missing, provisional: null }
  const deadline = provisionalDeadline(admitted)
  const daysLeft = daysBetween(today, deadline)
  return { missing, provisional: { deadline, daysLeft, overdue: daysLeft < 0 } }
}
