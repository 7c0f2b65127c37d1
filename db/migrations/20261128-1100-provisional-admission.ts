import type { Migration } from './types'

// A child who lacks mandatory vaccinations is admitted provisionally and has
// three months to catch up (Code de la santé publique, R3111-17): the day of
// that admission starts the countdown the completeness checklist looks at.
// The covering index keeps the completeness count fast on a city's files.
export const provisionalAdmission: Migration = {
  name: '20261128-1100-provisional-admission',
  up(db) {
    db.exec(`
      ALTER TABLE children ADD COLUMN provisional_admission_on TEXT;
      -- The completeness count reads each child's vaccine products without
      -- visiting the vaccinations table itself.
      CREATE INDEX vaccinations_child_product ON vaccinations (child_id, vaccinated_on, product_id);
    `)
  },
}
