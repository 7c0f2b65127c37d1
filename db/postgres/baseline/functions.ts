// What the baseline's tables, views and triggers need beyond plain SQL
// (docs/architecture.md, « PostgreSQL »). Created before the tables.

// The accented letters the SQLite sort keys fold (migration family-search),
// each to its plain letter, and the upper-case ASCII letters to lower case:
// SQLite's lower() folds ASCII only, and the rest of the text is left as is.
const ONE_TO_ONE: [string, string][] = [
  ['ABCDEFGHIJKLMNOPQRSTUVWXYZ', 'abcdefghijklmnopqrstuvwxyz'],
  ['àáâãäåÀÁÂÃÄÅ', 'a'],
  ['çÇ', 'c'],
  ['èéêëÈÉÊË', 'e'],
  ['ìíîïÌÍÎÏ', 'i'],
  ['ñÑ', 'n'],
  ['òóôõöøÒÓÔÕÖØ', 'o'],
  ['ùúûüÙÚÛÜ', 'u'],
  ['ýÿÝŸ', 'y'],
]
const TWO_LETTERS: [string, string][] = [
  ['œ', 'oe'],
  ['Œ', 'oe'],
  ['æ', 'ae'],
  ['Æ', 'ae'],
]
const from = ONE_TO_ONE.map(([f]) => f).join('')
const to = ONE_TO_ONE.map(([f, t]) => (t.length === 1 ? t.repeat(f.length) : t)).join('')
const foldBody = TWO_LETTERS.reduce(
  (sql, [f, t]) => `replace(${sql}, '${f}', '${t}')`,
  `translate(value, '${from}', '${to}')`,
)

export const BASELINE_FUNCTIONS = `
-- SQLite's COLLATE NOCASE: equal when they differ only by case.
CREATE COLLATION nocase (provider = icu, locale = 'und-u-ks-level2', deterministic = false);

-- json_valid(): whether the text parses as JSON (NULL passes, as on SQLite).
CREATE FUNCTION marelle_json_valid(value text) RETURNS boolean
LANGUAGE plpgsql IMMUTABLE AS $$
BEGIN
  PERFORM value::json;
  RETURN true;
EXCEPTION WHEN others THEN
  RETURN false;
END $$;

-- The sort key's folding: lower case (ASCII) without accents.
CREATE FUNCTION marelle_fold(value text) RETURNS text
LANGUAGE sql IMMUTABLE STRICT AS $$ SELECT ${foldBody} $$;

-- SQLite's date(day, '-1 day') on a 'YYYY-MM-DD' day (NULL for NULL or another text).
CREATE FUNCTION marelle_day_before(day text) RETURNS text
LANGUAGE sql IMMUTABLE AS $$
  SELECT CASE WHEN day ~ '^\\d{4}-\\d{2}-\\d{2}$' THEN to_char(day::date - 1, 'YYYY-MM-DD') END
$$;
`
