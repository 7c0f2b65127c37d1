// The columns the SQLite triggers derive (migrations file-coverage,
// coverage-email-presence, messages, departure, completeness-window,
// request-state-counts), in PL/pgSQL, with SQLite's trigger names and
// events. Where SQLite updates the row it has just written (messages_fill,
// completeness_window_*), PostgreSQL sets the values in a BEFORE trigger:
// the same values, written once.

export const BASELINE_COVERAGE_VIEW = `
CREATE VIEW child_coverage_source AS
SELECT c.id AS id,
  (CASE WHEN coalesce((SELECT g.email FROM guardians g
                       WHERE g.family_id = c.family_id AND g.role = 'responsable'), '') <> ''
        THEN 0 ELSE 1 END)
  + (CASE WHEN EXISTS (SELECT 1 FROM authorized_persons p
                       WHERE p.child_id = c.id AND p.can_pick_up = 1 AND p.pickup_forbidden = 0)
        THEN 0 ELSE 2 END)
  + (CASE WHEN c.health_form_completed_on IS NOT NULL THEN 0 ELSE 4 END) AS file_gaps,
  (SELECT CASE WHEN count(*) = (CASE WHEN c.birth_date < '2018-01-01' THEN 3 ELSE 11 END)
               THEN max(covered.first_on) END
   FROM (SELECT d.disease, min(v.vaccinated_on) AS first_on
         FROM vaccinations v JOIN vaccine_product_diseases d ON d.product_id = v.product_id
         WHERE v.child_id = c.id
           AND d.disease IN ('diphtheria', 'tetanus', 'polio', 'pertussis', 'hib', 'hepatitis_b',
             'pneumococcus', 'meningococcus_c', 'measles', 'mumps', 'rubella')
           AND (coalesce(c.birth_date >= '2018-01-01', true) OR d.disease IN ('diphtheria', 'tetanus', 'polio'))
         GROUP BY d.disease) covered) AS vaccines_covered_on
FROM children c;
`

/** A trigger function forgetting the coverage of the children `column` (of OLD and NEW) designates. */
const forget = (fn: string, childColumn: 'id' | 'family_id', rowColumn: string) => `
CREATE FUNCTION ${fn}() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF TG_OP <> 'INSERT' THEN
    UPDATE children SET file_gaps = NULL WHERE ${childColumn} = OLD.${rowColumn} AND file_gaps IS NOT NULL;
  END IF;
  IF TG_OP = 'INSERT' OR (TG_OP = 'UPDATE' AND OLD.${rowColumn} IS DISTINCT FROM NEW.${rowColumn}) THEN
    UPDATE children SET file_gaps = NULL WHERE ${childColumn} = NEW.${rowColumn} AND file_gaps IS NOT NULL;
  END IF;
  RETURN NULL;
END $$;`

const on = (trigger: string, event: string, table: string, fn: string, when = '') =>
  `CREATE TRIGGER ${trigger} ${event} ON ${table} FOR EACH ROW ${when} EXECUTE FUNCTION ${fn}();`

export const BASELINE_TRIGGERS = `
${forget('marelle_coverage_by_child', 'id', 'child_id')}
${forget('marelle_coverage_by_family', 'family_id', 'family_id')}
${forget('marelle_coverage_of_child', 'id', 'id')}
${on('coverage_person_insert', 'AFTER INSERT', 'authorized_persons', 'marelle_coverage_by_child')}
${on('coverage_person_update', 'AFTER UPDATE OF child_id, can_pick_up, pickup_forbidden', 'authorized_persons', 'marelle_coverage_by_child')}
${on('coverage_person_delete', 'AFTER DELETE', 'authorized_persons', 'marelle_coverage_by_child')}
${on('coverage_vaccination_insert', 'AFTER INSERT', 'vaccinations', 'marelle_coverage_by_child')}
${on('coverage_vaccination_update', 'AFTER UPDATE OF child_id, vaccinated_on, product_id', 'vaccinations', 'marelle_coverage_by_child')}
${on('coverage_vaccination_delete', 'AFTER DELETE', 'vaccinations', 'marelle_coverage_by_child')}
${on('coverage_guardian_insert', 'AFTER INSERT', 'guardians', 'marelle_coverage_by_family')}
${on(
  'coverage_guardian_update',
  'AFTER UPDATE OF family_id, role, email',
  'guardians',
  'marelle_coverage_by_family',
  `WHEN (OLD.family_id IS DISTINCT FROM NEW.family_id OR OLD.role IS DISTINCT FROM NEW.role
    OR (coalesce(OLD.email, '') <> '') <> (coalesce(NEW.email, '') <> ''))`,
)}
${on('coverage_guardian_delete', 'AFTER DELETE', 'guardians', 'marelle_coverage_by_family')}
${on('coverage_child_update', 'AFTER UPDATE OF family_id, birth_date, health_form_completed_on', 'children', 'marelle_coverage_of_child')}

CREATE FUNCTION marelle_messages_fill() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  NEW.public_id := coalesce(NEW.public_id, gen_random_uuid()::text);
  NEW.updated_at := coalesce(NEW.updated_at, NEW.created_at);
  NEW.sent_at := coalesce(NEW.sent_at, CASE WHEN NEW.state = 'brouillon' THEN NULL ELSE NEW.created_at END);
  NEW.child_id := coalesce(NEW.child_id, (SELECT r.child_id FROM requests r WHERE r.id = NEW.request_id));
  RETURN NEW;
END $$;
${on('messages_fill', 'BEFORE INSERT', 'messages', 'marelle_messages_fill', 'WHEN (NEW.public_id IS NULL OR NEW.updated_at IS NULL)')}

-- The day the family's last child left, when every child has a departure date.
CREATE FUNCTION marelle_archive_family(family bigint) RETURNS void LANGUAGE plpgsql AS $$
DECLARE
  last_left text COLLATE "C";
BEGIN
  SELECT CASE WHEN count(*) > 0 AND count(*) = count(c.left_on) THEN max(c.left_on) END INTO last_left
  FROM children c WHERE c.family_id = family;
  UPDATE families SET archived_on = last_left WHERE id = family AND archived_on IS DISTINCT FROM last_left;
END $$;
CREATE FUNCTION marelle_departure() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF TG_OP = 'INSERT' THEN
    IF NEW.left_on IS NOT NULL OR (SELECT archived_on FROM families WHERE id = NEW.family_id) IS NOT NULL THEN
      PERFORM marelle_archive_family(NEW.family_id);
    END IF;
  ELSIF TG_OP = 'UPDATE' THEN
    PERFORM marelle_archive_family(OLD.family_id);
    IF NEW.family_id IS DISTINCT FROM OLD.family_id THEN PERFORM marelle_archive_family(NEW.family_id); END IF;
  ELSE
    PERFORM marelle_archive_family(OLD.family_id);
  END IF;
  RETURN NULL;
END $$;
${on('departure_child_insert', 'AFTER INSERT', 'children', 'marelle_departure')}
${on('departure_child_update', 'AFTER UPDATE OF left_on, family_id', 'children', 'marelle_departure')}
${on('departure_child_delete', 'AFTER DELETE', 'children', 'marelle_departure')}

-- The days on which the child's file is complete (migration completeness-window).
CREATE FUNCTION marelle_completeness_window() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE
  first_day text COLLATE "C";
  last_day text COLLATE "C";
BEGIN
  first_day := CASE WHEN NEW.file_gaps = 0 AND NEW.provisional_admission_on IS NULL
      AND (NEW.pai = 0 OR NEW.pai_valid_until IS NOT NULL) THEN NEW.vaccines_covered_on END;
  last_day := CASE WHEN NEW.pai = 0 THEN marelle_day_before(NEW.left_on)
      WHEN NEW.left_on IS NULL THEN NEW.pai_valid_until
      WHEN NEW.pai_valid_until IS NULL THEN NULL
      ELSE least(NEW.pai_valid_until, marelle_day_before(NEW.left_on)) END;
  NEW.complete_from := CASE WHEN last_day IS NULL OR last_day >= first_day THEN first_day END;
  NEW.complete_until := CASE WHEN last_day >= first_day THEN last_day END;
  RETURN NEW;
END $$;
${on('completeness_window_insert', 'BEFORE INSERT', 'children', 'marelle_completeness_window')}
${on(
  'completeness_window_update',
  'BEFORE UPDATE OF file_gaps, vaccines_covered_on, pai, pai_valid_until, left_on, provisional_admission_on',
  'children',
  'marelle_completeness_window',
)}

-- How many requests each state holds. Row triggers as shipped; migration
-- request-counts-per-statement replaces them with statement triggers.
CREATE FUNCTION marelle_request_counts() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF TG_OP <> 'INSERT' THEN
    UPDATE request_state_counts SET n = n - 1 WHERE state = OLD.state;
  END IF;
  IF TG_OP <> 'DELETE' THEN
    INSERT INTO request_state_counts (state, n) VALUES (NEW.state, 1)
      ON CONFLICT (state) DO UPDATE SET n = request_state_counts.n + 1;
  END IF;
  RETURN NULL;
END $$;
${on('request_counts_insert', 'AFTER INSERT', 'requests', 'marelle_request_counts')}
${on('request_counts_delete', 'AFTER DELETE', 'requests', 'marelle_request_counts')}
${on('request_counts_state', 'AFTER UPDATE OF state', 'requests', 'marelle_request_counts', 'WHEN (OLD.state IS DISTINCT FROM NEW.state)')}
`
