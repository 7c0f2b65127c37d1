import type { Migration } from './types'

// What each child's file holds for its completeness, kept on the child's row
// so that the dashboard counts 175,000 children without looking at their
// guardians, authorised persons and vaccinations (docs/architecture.md,
// "Complétude des dossiers"):
//
// - file_gaps: the checks that do not depend on the day, one bit each:
//   1 no e-mail for the responsable, 2 nobody allowed to pick the child up
//   (a person "Interdit de récupérer l'enfant" never counts), 4 no date for
//   the health form. NULL: not known yet (a bulk writer changed the file);
//   the completeness queries compute such a row in full and refresh it.
// - vaccines_covered_on: the first day on which the child's vaccinations
//   cover every mandatory disease (11 from 2018 and when the birth date is
//   unknown, diphtheria-tetanus-polio before), NULL when they never do.
//
// PAI validity and the provisional admission's countdown are compared with
// the day at query time, from columns the child's row already holds.
// child_coverage_source says how both columns are computed; the services and
// the refresh read it, so the rule is written once.
//
// Triggers forget a child's coverage (NULL) whenever a writer that is not a
// service (the CSV import, the demo) changes what it depends on; the services
// refresh it in their own transaction.

const MANDATORY = [
  'diphtheria',
  'tetanus',
  'polio',
  'pertussis',
  'hib',
  'hepatitis_b',
  'pneumococcus',
  'meningococcus_c',
  'measles',
  'mumps',
  'rubella',
]
const DTP = ['diphtheria', 'tetanus', 'polio']
const ELEVEN_FROM = '2018-01-01'
const list = (values: string[]) => values.map((v) => `'${v}'`).join(', ')

const source = `
  CREATE VIEW child_coverage_source AS
  SELECT c.id AS id,
    (CASE WHEN coalesce((SELECT g.email FROM guardians g
                         WHERE g.family_id = c.family_id AND g.role = 'responsable'), '') <> ''
          THEN 0 ELSE 1 END)
    + (CASE WHEN EXISTS (SELECT 1 FROM authorized_persons p
                         WHERE p.child_id = c.id AND p.can_pick_up = 1 AND p.pickup_forbidden = 0)
          THEN 0 ELSE 2 END)
    + (CASE WHEN c.health_form_completed_on IS NOT NULL THEN 0 ELSE 4 END) AS file_gaps,
    (SELECT CASE WHEN count(*) = (CASE WHEN c.birth_date < '${ELEVEN_FROM}' THEN ${DTP.length} ELSE ${MANDATORY.length} END)
                 THEN max(covered.first_on) END
     FROM (SELECT d.disease, min(v.vaccinated_on) AS first_on
           FROM vaccinations v JOIN vaccine_product_diseases d ON d.product_id = v.product_id
           WHERE v.child_id = c.id
             AND d.disease IN (${list(MANDATORY)})
             AND (coalesce(c.birth_date >= '${ELEVEN_FROM}', 1) = 1 OR d.disease IN (${list(DTP)}))
           GROUP BY d.disease) covered) AS vaccines_covered_on
  FROM children c;`

const forget = (childWhere: string) =>
  `UPDATE children SET file_gaps = NULL WHERE ${childWhere} AND file_gaps IS NOT NULL;`

const triggers = `
  CREATE TRIGGER coverage_person_insert AFTER INSERT ON authorized_persons
  BEGIN ${forget('id = NEW.child_id')} END;
  CREATE TRIGGER coverage_person_update AFTER UPDATE OF child_id, can_pick_up, pickup_forbidden ON authorized_persons
  BEGIN ${forget('id IN (OLD.child_id, NEW.child_id)')} END;
  CREATE TRIGGER coverage_person_delete AFTER DELETE ON authorized_persons
  BEGIN ${forget('id = OLD.child_id')} END;
  CREATE TRIGGER coverage_vaccination_insert AFTER INSERT ON vaccinations
  BEGIN ${forget('id = NEW.child_id')} END;
  CREATE TRIGGER coverage_vaccination_update AFTER UPDATE OF child_id, vaccinated_on, product_id ON vaccinations
  BEGIN ${forget('id IN (OLD.child_id, NEW.child_id)')} END;
  CREATE TRIGGER coverage_vaccination_delete AFTER DELETE ON vaccinations
  BEGIN ${forget('id = OLD.child_id')} END;
  CREATE TRIGGER coverage_guardian_insert AFTER INSERT ON guardians
  BEGIN ${forget('family_id = NEW.family_id')} END;
  CREATE TRIGGER coverage_guardian_update AFTER UPDATE OF family_id, role, email ON guardians
  BEGIN ${forget('family_id IN (OLD.family_id, NEW.family_id)')} END;
  CREATE TRIGGER coverage_guardian_delete AFTER DELETE ON guardians
  BEGIN ${forget('family_id = OLD.family_id')} END;
  CREATE TRIGGER coverage_child_update AFTER UPDATE OF family_id, birth_date, health_form_completed_on ON children
  BEGIN ${forget('id = NEW.id')} END;`

export const fileCoverage: Migration = {
  name: '20261201-1100-file-coverage',
  up(db) {
    db.exec(`
      ALTER TABLE children ADD COLUMN file_gaps INTEGER;
      ALTER TABLE children ADD COLUMN vaccines_covered_on TEXT;
      ${source}
      ${triggers}
      -- The completeness count reads these columns only, for the children still attending.
      CREATE INDEX children_coverage ON children (left_on, file_gaps, pai, pai_valid_until,
        provisional_admission_on, vaccines_covered_on, file_validated_at);
      -- Rows to compute again, found without a scan.
      CREATE INDEX children_coverage_unknown ON children (id) WHERE file_gaps IS NULL;
      UPDATE children SET (file_gaps, vaccines_covered_on) =
        (SELECT s.file_gaps, s.vaccines_covered_on FROM child_coverage_source s WHERE s.id = children.id);
    `)
  },
}
