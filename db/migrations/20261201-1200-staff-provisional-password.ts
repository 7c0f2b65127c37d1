import type { Migration } from './types'

// An account created or reset by an administrator gets a provisional
// password, which its holder must replace at first sign-in (docs/comptes.md).
// Accounts that exist already keep theirs: their holders chose them.
export const staffProvisionalPassword: Migration = {
  name: '20261201-1200-staff-provisional-password',
  up(db) {
    db.exec(`
      ALTER TABLE staff ADD COLUMN must_change_password INTEGER NOT NULL DEFAULT 0
        CHECK (must_change_password IN (0, 1));
    `)
  },
}
