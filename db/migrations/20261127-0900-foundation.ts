import type { Migration } from './types'

export const foundation: Migration = {
  name: '20261127-0900-foundation',
  up(db) {
    db.exec(`
      CREATE TABLE staff (
        id INTEGER PRIMARY KEY,
        login TEXT NOT NULL UNIQUE COLLATE NOCASE,
        display_name TEXT NOT NULL,
        role TEXT NOT NULL CHECK (role IN ('agent', 'responsable', 'administrateur')),
        password_hash TEXT NOT NULL,
        active INTEGER NOT NULL DEFAULT 1 CHECK (active IN (0, 1)),
        failed_attempts INTEGER NOT NULL DEFAULT 0,
        locked_until TEXT,
        last_login_at TEXT,
        created_at TEXT NOT NULL,
        updated_at TEXT NOT NULL,
        version INTEGER NOT NULL DEFAULT 1
      ) STRICT;

      CREATE TABLE settings (
        key TEXT PRIMARY KEY,
        value TEXT NOT NULL CHECK (json_valid(value)),
        updated_at TEXT NOT NULL,
        updated_by INTEGER REFERENCES staff(id)
      ) STRICT;

      -- No foreign keys on the subject columns: the trail must outlive the
      -- records it speaks of (erasure after the retention period).
      CREATE TABLE audit_log (
        id INTEGER PRIMARY KEY,
        at TEXT NOT NULL,
        staff_id INTEGER REFERENCES staff(id),
        actor TEXT NOT NULL,
        action TEXT NOT NULL,
        entity_type TEXT NOT NULL,
        entity_id INTEGER,
        entity_version INTEGER,
        family_id INTEGER,
        child_id INTEGER,
        request_id INTEGER,
        changes TEXT CHECK (changes IS NULL OR json_valid(changes)),
        note TEXT
      ) STRICT;
      CREATE INDEX audit_log_family ON audit_log (family_id, at) WHERE family_id IS NOT NULL;
      CREATE INDEX audit_log_child ON audit_log (child_id, at) WHERE child_id IS NOT NULL;
      CREATE INDEX audit_log_entity ON audit_log (entity_type, entity_id, entity_version);
      CREATE INDEX audit_log_request ON audit_log (request_id) WHERE request_id IS NOT NULL;
      CREATE INDEX audit_log_at ON audit_log (at);
    `)
  },
}
