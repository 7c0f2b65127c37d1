// The search indexes of the baseline (SQLite: migration family-search and
// retention-search). FTS5 has no PostgreSQL form: family_search and
// child_search are plain tables with the same columns (rowid is the family's
// or child's id, as FTS5's rowid), kept by the same triggers from the same
// source views, and a tsvector of their words cut and folded as FTS5 does
// (marelle_words) with a GIN index, for prefix queries
// ('dup':*), read by src-main/backend/db/postgres/search.ts (docs/architecture.md,
// « PostgreSQL »).

const kinds = {
  family: { key: 'family_id', columns: ['number', 'names', 'contacts', 'children'] },
  child: { key: 'child_id', columns: ['identifier', 'names', 'family_number'] },
} as const
type Kind = keyof typeof kinds

const words = (kind: Kind) => kinds[kind].columns.map((c) => `coalesce(${c}, '')`).join(` || ' ' || `)

const table = (kind: Kind) => `
CREATE TABLE ${kind}_search (
  rowid bigint PRIMARY KEY,
  ${kinds[kind].columns.map((c) => `${c} text COLLATE "C"`).join(',\n  ')},
  words tsvector GENERATED ALWAYS AS (marelle_words(${words(kind)})) STORED
);
CREATE INDEX ${kind}_search_words ON ${kind}_search USING gin (words);`

/** A function rewriting the index rows of the given ids that the source view holds. */
const refresh = (kind: Kind) => {
  const { key, columns } = kinds[kind]
  const list = columns.join(', ')
  const selected = `SELECT id FROM ${kind}_search_source WHERE id = ANY (ids)`
  return `
CREATE FUNCTION marelle_search_${kind}(ids bigint[]) RETURNS void LANGUAGE sql AS $$
  DELETE FROM ${kind}_search WHERE rowid IN (${selected});
  DELETE FROM ${kind}_search_order WHERE ${key} IN (${selected});
  INSERT INTO ${kind}_search (rowid, ${list}) SELECT id, ${list} FROM ${kind}_search_source WHERE id = ANY (ids);
  INSERT INTO ${kind}_search_order (${key}, sort_key) SELECT id, sort_key FROM ${kind}_search_source WHERE id = ANY (ids);
$$;
CREATE FUNCTION marelle_search_forget_${kind}(id bigint) RETURNS void LANGUAGE sql AS $$
  DELETE FROM ${kind}_search WHERE rowid = id;
  DELETE FROM ${kind}_search_order WHERE ${key} = id;
$$;`
}

const name = (alias: string) => `${alias}.last_name || ' ' || ${alias}.first_name`

const views = `
CREATE VIEW family_search_source AS
SELECT f.id AS id, f.number AS number,
  (SELECT string_agg(${name('g')}, ' ' ORDER BY g.role) FROM guardians g WHERE g.family_id = f.id) AS names,
  (SELECT string_agg(coalesce(g.mobile_phone, '') || ' ' || coalesce(g.home_phone, '') || ' '
     || coalesce(g.work_phone, '') || ' ' || coalesce(g.email, ''), ' ' ORDER BY g.role)
   FROM guardians g WHERE g.family_id = f.id) AS contacts,
  (SELECT string_agg(${name('c')} || ' ' || c.identifier, ' ' ORDER BY c.id) FROM children c
   WHERE c.family_id = f.id AND c.anonymised_at IS NULL) AS children,
  coalesce((SELECT marelle_fold(${name('g')}) FROM guardians g WHERE g.family_id = f.id
            ORDER BY g.role = 'conjoint' LIMIT 1), '') || ' ' || f.number AS sort_key
FROM families f WHERE f.anonymised_at IS NULL;

CREATE VIEW child_search_source AS
SELECT c.id AS id, c.family_id AS family_id, c.identifier AS identifier, ${name('c')} AS names,
  f.number AS family_number, marelle_fold(${name('c')}) || ' ' || c.identifier AS sort_key
FROM children c JOIN families f ON f.id = c.family_id WHERE c.anonymised_at IS NULL;`

// One function per table; the triggers keep SQLite's names and events.
const triggers = `
CREATE FUNCTION marelle_search_families_trigger() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF coalesce((SELECT paused FROM search_control), 1) <> 0 THEN RETURN NULL; END IF;
  IF TG_OP = 'DELETE' THEN
    PERFORM marelle_search_forget_family(OLD.id);
  ELSE
    PERFORM marelle_search_family(ARRAY[NEW.id]);
    IF TG_OP = 'UPDATE' THEN
      PERFORM marelle_search_child(ARRAY(SELECT id FROM children WHERE family_id = NEW.id));
    END IF;
  END IF;
  RETURN NULL;
END $$;
CREATE TRIGGER families_search_insert AFTER INSERT ON families
  FOR EACH ROW EXECUTE FUNCTION marelle_search_families_trigger();
CREATE TRIGGER families_search_update AFTER UPDATE OF number ON families
  FOR EACH ROW EXECUTE FUNCTION marelle_search_families_trigger();
CREATE TRIGGER families_search_delete AFTER DELETE ON families
  FOR EACH ROW EXECUTE FUNCTION marelle_search_families_trigger();

CREATE FUNCTION marelle_search_guardians_trigger() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF coalesce((SELECT paused FROM search_control), 1) <> 0 THEN RETURN NULL; END IF;
  IF TG_OP = 'INSERT' THEN
    PERFORM marelle_search_family(ARRAY[NEW.family_id]);
  ELSIF TG_OP = 'UPDATE' THEN
    PERFORM marelle_search_family(ARRAY[OLD.family_id, NEW.family_id]);
  ELSE
    PERFORM marelle_search_family(ARRAY[OLD.family_id]);
  END IF;
  RETURN NULL;
END $$;
CREATE TRIGGER guardians_search_insert AFTER INSERT ON guardians
  FOR EACH ROW EXECUTE FUNCTION marelle_search_guardians_trigger();
CREATE TRIGGER guardians_search_update
  AFTER UPDATE OF family_id, role, last_name, first_name, mobile_phone, home_phone, work_phone, email ON guardians
  FOR EACH ROW EXECUTE FUNCTION marelle_search_guardians_trigger();
CREATE TRIGGER guardians_search_delete AFTER DELETE ON guardians
  FOR EACH ROW EXECUTE FUNCTION marelle_search_guardians_trigger();

CREATE FUNCTION marelle_search_children_trigger() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF coalesce((SELECT paused FROM search_control), 1) <> 0 THEN RETURN NULL; END IF;
  IF TG_OP = 'INSERT' THEN
    PERFORM marelle_search_family(ARRAY[NEW.family_id]);
    PERFORM marelle_search_child(ARRAY[NEW.id]);
  ELSIF TG_OP = 'UPDATE' THEN
    PERFORM marelle_search_family(ARRAY[OLD.family_id, NEW.family_id]);
    PERFORM marelle_search_child(ARRAY[NEW.id]);
  ELSE
    PERFORM marelle_search_family(ARRAY[OLD.family_id]);
    PERFORM marelle_search_forget_child(OLD.id);
  END IF;
  RETURN NULL;
END $$;
CREATE TRIGGER children_search_insert AFTER INSERT ON children
  FOR EACH ROW EXECUTE FUNCTION marelle_search_children_trigger();
CREATE TRIGGER children_search_update AFTER UPDATE OF family_id, identifier, last_name, first_name ON children
  FOR EACH ROW EXECUTE FUNCTION marelle_search_children_trigger();
CREATE TRIGGER children_search_delete AFTER DELETE ON children
  FOR EACH ROW EXECUTE FUNCTION marelle_search_children_trigger();`

export const BASELINE_SEARCH = `
-- The accents FTS5's remove_diacritics 2 removes: the combining marks of the
-- canonical decomposition ("é" is "e" and a mark; "ø" and "œ" have none).
CREATE FUNCTION marelle_strip_marks(value text) RETURNS text
LANGUAGE sql IMMUTABLE PARALLEL SAFE STRICT AS $$
  SELECT regexp_replace(normalize(value, NFD), '[\\u0300-\\u036f]+', '', 'g')
$$;
-- The words of a text as FTS5's unicode61 tokenizer makes them: runs of
-- letters and digits, in lower case, without accents.
CREATE FUNCTION marelle_words(value text) RETURNS tsvector
LANGUAGE sql IMMUTABLE PARALLEL SAFE STRICT AS $$
  SELECT array_to_tsvector(array_remove(
    regexp_split_to_array(lower(marelle_strip_marks(value) COLLATE "und-x-icu"), '[^[:alnum:]]+'), ''))
$$;
${table('family')}
${table('child')}
${views}
${refresh('family')}
${refresh('child')}
${triggers}
`
