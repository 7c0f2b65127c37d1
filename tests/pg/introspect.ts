import type { Database } from 'better-sqlite3-multiple-ciphers'
import { sql } from 'kysely'
import type { OpenPostgres } from '../../src-main/backend/db/postgres/open'

// The shape of a schema, read from SQLite's pragmas or PostgreSQL's
// catalogue and normalised to compare them (schema-parity.test.ts): types
// INTEGER↔bigint/integer, TEXT↔text, REAL↔double precision; NOCASE↔nocase
// and BINARY↔"C" for index collations; a primary key column is NOT NULL;
// defaults without their cast ('A'::text → 'A'). A trigger is its table, its
// name and its event (INSERT, UPDATE or DELETE): the same on both engines.
// What may differ is left out of the shape: the moment (PostgreSQL sets
// derived values BEFORE INSERT/UPDATE where SQLite updates the row AFTER, see
// db/postgres/baseline/derived.ts), UPDATE's column list and the level. On
// PostgreSQL the request counters fire once per statement, without a column
// list (migration request-counts-per-statement: transition tables allow
// none), where SQLite's fire per row: `statementTriggers` lists the
// triggers fired per statement, which schema-parity.test.ts checks.

export interface TableShape {
  columns: { name: string; type: string; notNull: boolean; default: string | null }[]
  primaryKey: string[]
  unique: string[]
  foreignKeys: string[]
  checks: number
  indexes: Record<string, { unique: boolean; partial: boolean; columns: string[] }>
}

export interface SchemaShape {
  tables: Record<string, TableShape>
  views: Record<string, string[]>
  /** `table.name EVENT`, sorted. */
  triggers: string[]
  /** `table.name` of the triggers fired once per statement (none on SQLite), sorted. */
  statementTriggers: string[]
}

/** Tables compared by their content rather than their shape: FTS5 on SQLite (see db/postgres/baseline/search.ts). */
export const SEARCH_TABLES = /^(family|child)_search(_data|_idx|_docsize|_config)?$/

const TYPES: Record<string, string> = {
  INTEGER: 'integer',
  bigint: 'integer',
  integer: 'integer',
  TEXT: 'text',
  text: 'text',
  REAL: 'real',
  'double precision': 'real',
}
const type = (t: string) => TYPES[t] ?? `? ${t}`
// SQLite's BINARY is PostgreSQL's "C" (every text column's), shown as nothing;
// a text column left with the database's own collation shows as "default".
const COLLATIONS: Record<string, string> = { BINARY: '', C: '', NOCASE: ' nocase', nocase: ' nocase' }
const column = (name: string, collation: string | null) =>
  `${name}${collation ? (COLLATIONS[collation] ?? ` ${collation}`) : ''}`
const cleanDefault = (d: string | null) => (d === null ? null : d.replace(/::[a-z ]+$/, ''))

const ON_DELETE: Record<string, string> = {
  a: 'NO ACTION',
  r: 'RESTRICT',
  c: 'CASCADE',
  n: 'SET NULL',
  d: 'SET DEFAULT',
}

export function sqliteShape(db: Database): SchemaShape {
  const tables: Record<string, TableShape> = {}
  const names = db
    .prepare(
      "SELECT name, sql FROM sqlite_schema WHERE type = 'table' AND name NOT LIKE 'sqlite%' ORDER BY name",
    )
    .all() as { name: string; sql: string }[]
  for (const { name, sql: text } of names) {
    if (SEARCH_TABLES.test(name)) continue
    const info = db.pragma(`table_info("${name}")`) as {
      name: string
      type: string
      notnull: number
      dflt_value: string | null
      pk: number
    }[]
    const indexes: TableShape['indexes'] = {}
    const unique: string[] = []
    for (const index of db.pragma(`index_list("${name}")`) as {
      name: string
      unique: number
      origin: string
      partial: number
    }[]) {
      const cols = (
        db.pragma(`index_xinfo("${index.name}")`) as {
          name: string | null
          key: number
          coll: string | null
        }[]
      )
        .filter((c) => c.key === 1)
        .map((c) => column(c.name ?? '(expression)', c.coll))
      if (index.origin === 'c')
        indexes[index.name] = { unique: index.unique === 1, partial: index.partial === 1, columns: cols }
      else if (index.origin === 'u') unique.push(cols.join(', '))
    }
    tables[name] = {
      columns: info.map((c) => ({
        name: c.name,
        type: type(c.type),
        notNull: c.notnull === 1 || c.pk > 0,
        default: cleanDefault(c.dflt_value),
      })),
      primaryKey: info
        .filter((c) => c.pk > 0)
        .sort((a, b) => a.pk - b.pk)
        .map((c) => c.name),
      unique: unique.sort(),
      foreignKeys: (
        db.pragma(`foreign_key_list("${name}")`) as {
          table: string
          from: string
          to: string
          on_delete: string
        }[]
      )
        .map((f) => `${f.from} -> ${f.table}(${f.to}) ON DELETE ${f.on_delete}`)
        .sort(),
      checks: (text.match(/\bCHECK\s*\(/gi) ?? []).length,
      indexes,
    }
  }
  const views: Record<string, string[]> = {}
  for (const view of db
    .prepare("SELECT name FROM sqlite_schema WHERE type = 'view' ORDER BY name")
    .pluck()
    .all() as string[])
    views[view] = (db.pragma(`table_info("${view}")`) as { name: string }[]).map((c) => c.name)
  const triggers = (
    db.prepare("SELECT tbl_name, name, sql FROM sqlite_schema WHERE type = 'trigger'").all() as {
      tbl_name: string
      name: string
      sql: string
    }[]
  )
    .map((t) => {
      const event = /\b(?:BEFORE|AFTER|INSTEAD\s+OF)\s+(INSERT|UPDATE|DELETE)\b/i.exec(t.sql)?.[1] ?? '?'
      return `${t.tbl_name}.${t.name} ${event.toUpperCase()}`
    })
    .sort()
  return { tables, views, triggers, statementTriggers: [] }
}

async function rows<T>(pg: OpenPostgres, query: string): Promise<T[]> {
  return (await sql.raw<T>(query).execute(pg.db)).rows
}

export async function postgresShape(pg: OpenPostgres): Promise<SchemaShape> {
  const inSchema = 'relnamespace = current_schema()::regnamespace'
  const columns = await rows<{
    table: string
    name: string
    type: string
    not_null: number
    default: string | null
  }>(
    pg,
    `SELECT c.relname::text AS table, a.attname::text AS name, format_type(a.atttypid, a.atttypmod) AS type,
       a.attnotnull AS not_null, pg_get_expr(d.adbin, d.adrelid) AS default
     FROM pg_attribute a JOIN pg_class c ON c.oid = a.attrelid
     LEFT JOIN pg_attrdef d ON d.adrelid = a.attrelid AND d.adnum = a.attnum AND a.attgenerated = ''
     WHERE c.relkind = 'r' AND c.${inSchema} AND a.attnum > 0 AND NOT a.attisdropped
     ORDER BY c.relname, a.attnum`,
  )
  const indexes = await rows<{
    table: string
    name: string
    unique: number
    partial: number
    columns: string[]
    contype: string | null
  }>(
    pg,
    `SELECT t.relname::text AS table, i.relname::text AS name, ix.indisunique AS unique,
       ix.indpred IS NOT NULL AS partial, con.contype::text AS contype,
       ARRAY(SELECT coalesce(a.attname::text, '(expression)') || coalesce(' ' || co.collname::text, '')
             FROM unnest(ix.indkey::int2[], ix.indcollation::oid[]) WITH ORDINALITY AS k(attnum, coll, ord)
             LEFT JOIN pg_attribute a ON a.attrelid = t.oid AND a.attnum = k.attnum
             LEFT JOIN pg_collation co ON co.oid = k.coll
             ORDER BY k.ord)::text[] AS columns
     FROM pg_index ix JOIN pg_class i ON i.oid = ix.indexrelid JOIN pg_class t ON t.oid = ix.indrelid
     LEFT JOIN pg_constraint con ON con.conindid = ix.indexrelid AND con.contype IN ('p', 'u')
     WHERE t.${inSchema}`,
  )
  const constraints = await rows<{
    table: string
    contype: string
    columns: string[]
    ref: string | null
    on_delete: string
  }>(
    pg,
    `SELECT t.relname::text AS table, con.contype::text AS contype, con.confdeltype::text AS on_delete,
       ARRAY(SELECT a.attname::text FROM unnest(con.conkey) WITH ORDINALITY AS k(attnum, ord)
             JOIN pg_attribute a ON a.attrelid = t.oid AND a.attnum = k.attnum ORDER BY k.ord)::text[] AS columns,
       CASE WHEN con.contype = 'f' THEN rt.relname::text || '(' || ra.attname::text || ')' END AS ref
     FROM pg_constraint con JOIN pg_class t ON t.oid = con.conrelid
     LEFT JOIN pg_class rt ON rt.oid = con.confrelid
     LEFT JOIN pg_attribute ra ON ra.attrelid = con.confrelid AND ra.attnum = con.confkey[1]
     WHERE t.${inSchema}`,
  )
  const tables: Record<string, TableShape> = {}
  for (const c of columns) {
    if (SEARCH_TABLES.test(c.table)) continue
    tables[c.table] ??= { columns: [], primaryKey: [], unique: [], foreignKeys: [], checks: 0, indexes: {} }
    tables[c.table].columns.push({
      name: c.name,
      type: type(c.type),
      notNull: c.not_null === 1,
      default: cleanDefault(c.default),
    })
  }
  for (const con of constraints) {
    const table = tables[con.table]
    if (!table) continue
    if (con.contype === 'p') table.primaryKey = con.columns
    else if (con.contype === 'f')
      table.foreignKeys.push(`${con.columns[0]} -> ${con.ref} ON DELETE ${ON_DELETE[con.on_delete]}`)
    else if (con.contype === 'c') table.checks++
  }
  for (const index of indexes) {
    const table = tables[index.table]
    if (!table) continue
    index.columns = index.columns.map((c) => c.replace(/ C$/, ''))
    if (index.contype === 'u') table.unique.push(index.columns.join(', '))
    else if (index.contype === null)
      table.indexes[index.name] = {
        unique: index.unique === 1,
        partial: index.partial === 1,
        columns: index.columns,
      }
  }
  for (const table of Object.values(tables)) {
    table.unique.sort()
    table.foreignKeys.sort()
  }
  const views: Record<string, string[]> = {}
  for (const v of await rows<{ name: string; columns: string[] }>(
    pg,
    `SELECT c.relname::text AS name, ARRAY(SELECT a.attname::text FROM pg_attribute a
       WHERE a.attrelid = c.oid AND a.attnum > 0 ORDER BY a.attnum)::text[] AS columns
     FROM pg_class c WHERE c.relkind = 'v' AND c.${inSchema} ORDER BY 1`,
  ))
    views[v.name] = v.columns
  // pg_trigger.tgtype: 1 per row, 4 INSERT, 8 DELETE, 16 UPDATE (one event each in Marelle's schema).
  const found = await rows<{ name: string; type: number }>(
    pg,
    `SELECT c.relname::text || '.' || tg.tgname::text AS name, tg.tgtype::int AS type
     FROM pg_trigger tg JOIN pg_class c ON c.oid = tg.tgrelid
     WHERE NOT tg.tgisinternal AND c.${inSchema}`,
  )
  const events = (type: number) =>
    [
      [4, 'INSERT'],
      [16, 'UPDATE'],
      [8, 'DELETE'],
    ]
      .filter(([bit]) => type & (bit as number))
      .map(([, event]) => event)
      .join(' OR ') || '?'
  const triggers = found.map((t) => `${t.name} ${events(t.type)}`).sort()
  const statementTriggers = found
    .filter((t) => (t.type & 1) === 0)
    .map((t) => t.name)
    .sort()
  return { tables, views, triggers, statementTriggers }
}
