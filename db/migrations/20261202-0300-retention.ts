import type { Migration } from './types'

// Retention and anonymisation (docs/conservation.md):
// - anonymised_at on families and children: set once their identity and
//   health data are gone; birth_year keeps what statistics need of the birth
//   date once the date itself is erased;
// - retention_plans: what a plan covers (its cut-off dates, counts per table)
//   and a fingerprint of the rows it covers, so that applying it is refused
//   when the data changed since;
// - anonymised_identifiers: SHA-256 digests of the family numbers and child
//   identifiers that were anonymised, so that a CSV re-import cannot bring
//   them back, without keeping the numbers themselves.
export const retention: Migration = {
  name: '20261202-0300-retention',
  up(db) {
    db.exec(`
      ALTER TABLE families ADD COLUMN anonymised_at TEXT;
      ALTER TABLE children ADD COLUMN anonymised_at TEXT;
      ALTER TABLE children ADD COLUMN birth_year INTEGER CHECK (birth_year IS NULL OR birth_year BETWEEN 1900 AND 2200);
      CREATE INDEX children_left_on ON children (left_on) WHERE left_on IS NOT NULL AND anonymised_at IS NULL;

      CREATE TABLE retention_plans (
        id INTEGER PRIMARY KEY,
        created_at TEXT NOT NULL,
        created_by INTEGER REFERENCES staff(id),
        cutoffs TEXT NOT NULL CHECK (json_valid(cutoffs)),
        summary TEXT NOT NULL CHECK (json_valid(summary)),
        fingerprint TEXT NOT NULL,
        applied_at TEXT,
        applied_by INTEGER REFERENCES staff(id),
        backup_name TEXT
      ) STRICT;

      CREATE TABLE anonymised_identifiers (
        kind TEXT NOT NULL CHECK (kind IN ('family', 'child')),
        digest TEXT NOT NULL,
        anonymised_at TEXT NOT NULL,
        PRIMARY KEY (kind, digest)
      ) STRICT, WITHOUT ROWID;
    `)
  },
}
