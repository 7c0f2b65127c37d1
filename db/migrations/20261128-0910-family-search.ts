import type { Migration } from './types'

// Full-text indexes behind the Familles and Enfants lists, kept right by
// triggers so that every writer (edit services, CSV import, request queue)
// maintains them without knowing they exist.
//
// - family_search / child_search: FTS5, one row per family / child (rowid =
//   its id). unicode61 with remove_diacritics 2 folds case and accents
//   ("gerard" finds "Gérard"); prefix indexes make "dup" or "0612" fast.
//   Contentless with contentless_delete: the text lives in the source
//   tables, a row can still be deleted by rowid alone.
// - family_search_order / child_search_order: the sort key of each row
//   (name folded to lower case without accents, so that "Émilie" sorts
//   with the E), indexed, so that an empty search pages through everything
//   in name order without sorting.
// - family_search_source / child_search_source: views that say what each
//   row holds. Triggers and rebuildSearchIndexes() both read them, so the
//   content is defined once.
// - search_control.paused: bulk writers (demo data) set it to 1 inside their
//   transaction, which silences the triggers (their WHEN checks it), then
//   rebuild the indexes once at the end and set it back to 0. The triggers
//   rewrite a family's row for each guardian and child inserted: measured
//   on 20,000 demo families, 13 s of CPU with them against 5 s paused with
//   one rebuild.

const ACCENTS: [string, string][] = [
  ['àáâãäåÀÁÂÃÄÅ', 'a'],
  ['çÇ', 'c'],
  ['èéêëÈÉÊË', 'e'],
  ['ìíîïÌÍÎÏ', 'i'],
  ['ñÑ', 'n'],
  ['òóôõöøÒÓÔÕÖØ', 'o'],
  ['ùúûüÙÚÛÜ', 'u'],
  ['ýÿÝŸ', 'y'],
  ['œŒ', 'oe'],
  ['æÆ', 'ae'],
]

/**
 * SQL folding `expr` to lower case without accents, in plain SQLite (no app
 * function, so that any client can write to the tables). The chain of
 * replace() runs only on text that holds a non-ASCII character.
 */
function folded(expr: string): string {
  let sql = `lower(${expr})`
  for (const [from, to] of ACCENTS) for (const ch of from) sql = `replace(${sql}, '${ch}', '${to}')`
  return `CASE WHEN (${expr}) GLOB '*[^ -~]*' THEN ${sql} ELSE lower(${expr}) END`
}

const name = (alias: string) => `${alias}.last_name || ' ' || ${alias}.first_name`

const familySource = `
  CREATE VIEW IF NOT EXISTS family_search_source AS
  SELECT f.id AS id, f.number AS number,
    (SELECT group_concat(${name('g')}, ' ') FROM guardians g WHERE g.family_id = f.id) AS names,
    (SELECT group_concat(ifnull(g.mobile_phone, '') || ' ' || ifnull(g.home_phone, '') || ' '
       || ifnull(g.work_phone, '') || ' ' || ifnull(g.email, ''), ' ')
     FROM guardians g WHERE g.family_id = f.id) AS contacts,
    (SELECT group_concat(${name('c')} || ' ' || c.identifier, ' ') FROM children c WHERE c.family_id = f.id)
      AS children,
    ifnull((SELECT ${folded(name('g'))} FROM guardians g WHERE g.family_id = f.id
            ORDER BY g.role = 'conjoint' LIMIT 1), '') || ' ' || f.number AS sort_key
  FROM families f;`

const childSource = `
  CREATE VIEW IF NOT EXISTS child_search_source AS
  SELECT c.id AS id, c.family_id AS family_id, c.identifier AS identifier, ${name('c')} AS names,
    f.number AS family_number, ${folded(name('c'))} || ' ' || c.identifier AS sort_key
  FROM children c JOIN families f ON f.id = c.family_id;`

// detail=column: no phrase queries (searches are words as prefixes), a
// smaller index that builds a third faster than the default.
const FTS_OPTIONS = `content = '', contentless_delete = 1, detail = column,
  tokenize = 'unicode61 remove_diacritics 2', prefix = '2 3 4'`

/** Statements that rewrite the index rows of the families (or children) `where` selects in the source view. */
function refresh(kind: 'family' | 'child', where: string): string {
  const columns = kind === 'family' ? 'number, names, contacts, children' : 'identifier, names, family_number'
  const key = kind === 'family' ? 'family_id' : 'child_id'
  return `
    DELETE FROM ${kind}_search WHERE rowid IN (SELECT id FROM ${kind}_search_source WHERE ${where});
    DELETE FROM ${kind}_search_order WHERE ${key} IN (SELECT id FROM ${kind}_search_source WHERE ${where});
    INSERT INTO ${kind}_search (rowid, ${columns}) SELECT id, ${columns} FROM ${kind}_search_source WHERE ${where};
    INSERT INTO ${kind}_search_order (${key}, sort_key) SELECT id, sort_key FROM ${kind}_search_source WHERE ${where};`
}

function forget(kind: 'family' | 'child', id: string): string {
  const key = kind === 'family' ? 'family_id' : 'child_id'
  return `
    DELETE FROM ${kind}_search WHERE rowid = ${id};
    DELETE FROM ${kind}_search_order WHERE ${key} = ${id};`
}

function trigger(name: string, event: string, body: string): string {
  return `
    CREATE TRIGGER IF NOT EXISTS ${name} ${event}
    WHEN (SELECT paused FROM search_control) = 0
    BEGIN ${body}
    END;`
}

// A row whose family changed is refreshed under both families; a family
// deleted is forgotten by its own trigger after the cascade has run.
const families = (ids: string) => refresh('family', `id IN (${ids})`)
const triggers = [
  trigger('families_search_insert', 'AFTER INSERT ON families', families('NEW.id')),
  trigger(
    'families_search_update',
    'AFTER UPDATE OF number ON families',
    families('NEW.id') + refresh('child', 'family_id = NEW.id'),
  ),
  trigger('families_search_delete', 'AFTER DELETE ON families', forget('family', 'OLD.id')),
  trigger('guardians_search_insert', 'AFTER INSERT ON guardians', families('NEW.family_id')),
  trigger(
    'guardians_search_update',
    `AFTER UPDATE OF family_id, role, last_name, first_name, mobile_phone, home_phone, work_phone, email
     ON guardians`,
    families('OLD.family_id, NEW.family_id'),
  ),
  trigger('guardians_search_delete', 'AFTER DELETE ON guardians', families('OLD.family_id')),
  trigger(
    'children_search_insert',
    'AFTER INSERT ON children',
    families('NEW.family_id') + refresh('child', 'id = NEW.id'),
  ),
  trigger(
    'children_search_update',
    'AFTER UPDATE OF family_id, identifier, last_name, first_name ON children',
    families('OLD.family_id, NEW.family_id') + refresh('child', 'id = NEW.id'),
  ),
  trigger(
    'children_search_delete',
    'AFTER DELETE ON children',
    families('OLD.family_id') + forget('child', 'OLD.id'),
  ),
]

// Views and triggers use IF NOT EXISTS: they outlive their tables when those
// are dropped by hand (the migration tests replay the last migration that way).
export const familySearch: Migration = {
  name: '20261128-0910-family-search',
  up(db) {
    db.exec(`
      CREATE TABLE search_control (
        id INTEGER PRIMARY KEY CHECK (id = 1),
        paused INTEGER NOT NULL DEFAULT 0 CHECK (paused IN (0, 1))
      ) STRICT;
      INSERT INTO search_control (id, paused) VALUES (1, 0);

      CREATE VIRTUAL TABLE family_search USING fts5(number, names, contacts, children, ${FTS_OPTIONS});
      CREATE TABLE family_search_order (
        family_id INTEGER PRIMARY KEY REFERENCES families(id) ON DELETE CASCADE,
        sort_key TEXT NOT NULL
      ) STRICT;
      CREATE INDEX family_search_order_key ON family_search_order (sort_key);

      CREATE VIRTUAL TABLE child_search USING fts5(identifier, names, family_number, ${FTS_OPTIONS});
      CREATE TABLE child_search_order (
        child_id INTEGER PRIMARY KEY REFERENCES children(id) ON DELETE CASCADE,
        sort_key TEXT NOT NULL
      ) STRICT;
      CREATE INDEX child_search_order_key ON child_search_order (sort_key);

      ${familySource}
      ${childSource}
      ${triggers.join('\n')}
    `)
    // Families already in the file (a database that predates this migration).
    db.exec(`
      INSERT INTO family_search (rowid, number, names, contacts, children)
        SELECT id, number, names, contacts, children FROM family_search_source;
      INSERT INTO family_search_order (family_id, sort_key) SELECT id, sort_key FROM family_search_source;
      INSERT INTO child_search (rowid, identifier, names, family_number)
        SELECT id, identifier, names, family_number FROM child_search_source;
      INSERT INTO child_search_order (child_id, sort_key) SELECT id, sort_key FROM child_search_source;
    `)
  },
}
