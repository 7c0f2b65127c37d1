import type { Migration } from './types'

// A child's coverage (migration file-coverage) asks only whether the family's
// responsable has an e-mail address, not which one. The trigger that forgot
// the coverage of a family's children on every change of a guardian's e-mail
// now does so only when the answer may change: the guardian moves to another
// family or role, or its e-mail goes from empty to given or back. Changing
// one address for another (the portal's most common request) no longer makes
// the services compute the children's coverage and completeness window again.
export const coverageEmailPresence: Migration = {
  name: '20261202-0500-coverage-email-presence',
  up(db) {
    db.exec(`
      DROP TRIGGER coverage_guardian_update;
      CREATE TRIGGER coverage_guardian_update AFTER UPDATE OF family_id, role, email ON guardians
      WHEN OLD.family_id IS NOT NEW.family_id OR OLD.role IS NOT NEW.role
        OR (coalesce(OLD.email, '') <> '') <> (coalesce(NEW.email, '') <> '')
      BEGIN UPDATE children SET file_gaps = NULL
        WHERE family_id IN (OLD.family_id, NEW.family_id) AND file_gaps IS NOT NULL; END;
    `)
  },
}
