import type { Migration } from './types'

// A child who lacks mandatory vaccinations is admitted provisionally and has
// three months to catch up (Code de la santé publique, R3111-17): the day of
// that admission starts the countdown the completeness checklist looks at.
export const provisionalAdmission: Migration = {
  name: '20261128-1100-provisional-admission',
  up(db) {
    db.exec(`
      ALTER TABLE children ADD COLUMN provisional_admission_on TEXT;
    `)
  },
}
