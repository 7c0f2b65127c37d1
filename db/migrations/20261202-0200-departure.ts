import type { Migration } from './types'

// A child's departure and the family's archived state (docs/depart-et-archivage.md),
// and the health-data access log (docs/donnees-de-sante.md).
//
// families.archived_on: the day the family's last child left, set only when
// every child has a departure date (NULL when one has none, or the family has
// no child). The family is archived from that day on: archived_on <= today.
// Triggers keep it right whatever writes the children (screens, requests,
// CSV import, demo): it is derived like children.file_gaps, so it does not
// bump the family's version.
//
// audit_log.source: where a health read came from, the channel of a screen
// ("children/get") or the command ("marelle family show"). The partial
// indexes serve the access log's keyset pages (newest first), alone or by
// staff member, and cost nothing to the other audit rows.
const archivedOf = (family: string) => `
  UPDATE families SET archived_on = (
    SELECT CASE WHEN COUNT(*) > 0 AND COUNT(*) = COUNT(c.left_on) THEN MAX(c.left_on) END
    FROM children c WHERE c.family_id = families.id)
  WHERE id = ${family};`

const HEALTH_READS = `action IN ('child.health.view', 'health.bulk-view')`

export const departure: Migration = {
  name: '20261202-0200-departure',
  up(db) {
    db.exec(`
      ALTER TABLE families ADD COLUMN archived_on TEXT;
      ${archivedOf('families.id')}

      CREATE TRIGGER departure_child_insert AFTER INSERT ON children
      WHEN NEW.left_on IS NOT NULL
        OR (SELECT archived_on FROM families WHERE id = NEW.family_id) IS NOT NULL
      BEGIN ${archivedOf('NEW.family_id')} END;
      CREATE TRIGGER departure_child_update AFTER UPDATE OF left_on, family_id ON children
      BEGIN ${archivedOf('OLD.family_id')} ${archivedOf('NEW.family_id')} END;
      CREATE TRIGGER departure_child_delete AFTER DELETE ON children
      BEGIN ${archivedOf('OLD.family_id')} END;

      CREATE INDEX families_archived ON families (archived_on) WHERE archived_on IS NOT NULL;

      ALTER TABLE audit_log ADD COLUMN source TEXT;
      CREATE INDEX audit_log_health_reads ON audit_log (id) WHERE ${HEALTH_READS};
      CREATE INDEX audit_log_health_reads_at ON audit_log (at, id) WHERE ${HEALTH_READS};
      CREATE INDEX audit_log_health_reads_staff ON audit_log (staff_id, id) WHERE ${HEALTH_READS};
    `)
  },
}
