import type { Migration } from './types'

// The audit log grows by one row per record a CSV import creates (a million
// for a city's first import). No query reads it by date alone, and version
// conflicts only look for versions after the first: dropping the one index
// and narrowing the other makes each audit row cheaper to write.
export const auditIndexes: Migration = {
  name: '20261130-1000-audit-indexes',
  up(db) {
    db.exec(`
      DROP INDEX IF EXISTS audit_log_at;
      DROP INDEX IF EXISTS audit_log_entity;
      CREATE INDEX audit_log_entity_changes ON audit_log (entity_type, entity_id, entity_version)
        WHERE entity_version > 1;
    `)
  },
}
