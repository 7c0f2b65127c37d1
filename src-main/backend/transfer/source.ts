import type { OpenDatabase } from '../db/open'

// What the transfer reads from the SQLite file (docs/architecture.md,
// « Transfert vers PostgreSQL »): the tables of its schema in an order where
// every table comes after the tables it refers to, their columns, and their
// rows in batches, read-only.

type Sqlite = OpenDatabase['sqlite']

export interface SourceTable {
  name: string
  columns: string[]
  /** The primary key's columns (the rowid's alias for most tables). */
  key: string[]
  /** Columns referring to the same table (requests.replaced_by): written once every row is in. */
  selfReferences: string[]
}

export interface SourceSchema {
  /** Tables copied as they are, parents first. */
  copied: SourceTable[]
  /**
   * The search indexes (FTS5 virtual tables) and their name-order tables
   * (`<index>_order`), which the target rebuilds from the copied rows: an FTS5
   * index of Marelle keeps no text to read back (content='').
   */
  rebuilt: string[]
}

/** Tables the target already has or keeps its own way. */
const NOT_COPIED = new Set(['schema_migrations'])

const quote = (name: string) => `"${name.replaceAll('"', '""')}"`

interface SchemaRow {
  name: string
  sql: string | null
}

/** The tables of the file, read from its schema (not a hand list, which would miss a later migration's). */
export function readSourceSchema(sqlite: Sqlite): SourceSchema {
  const rows = sqlite
    .prepare(
      "SELECT name, sql FROM sqlite_schema WHERE type = 'table' AND name NOT LIKE 'sqlite\\_%' ESCAPE '\\' ORDER BY rowid",
    )
    .all() as SchemaRow[]
  const virtual = rows.filter((r) => /^\s*CREATE\s+VIRTUAL\s+TABLE/i.test(r.sql ?? '')).map((r) => r.name)
  // FTS5 keeps each index in shadow tables named after it (_data, _idx, _docsize, _config, _content).
  const shadow = (name: string) => virtual.some((v) => name.startsWith(`${v}_`) && name !== `${v}_order`)
  const names = rows.map((r) => r.name)
  const rebuilt = names.filter((name) => virtual.some((v) => name === v || name === `${v}_order`))
  const plain = names.filter((name) => !rebuilt.includes(name) && !shadow(name) && !NOT_COPIED.has(name))
  const tables = new Map<string, SourceTable & { parents: Set<string> }>()
  for (const name of plain) {
    const info = sqlite.pragma(`table_info(${quote(name)})`) as { name: string; pk: number }[]
    const keys = sqlite.pragma(`foreign_key_list(${quote(name)})`) as { table: string; from: string }[]
    tables.set(name, {
      name,
      columns: info.map((c) => c.name),
      key: info
        .filter((c) => c.pk > 0)
        .sort((a, b) => a.pk - b.pk)
        .map((c) => c.name),
      selfReferences: keys.filter((k) => k.table === name).map((k) => k.from),
      parents: new Set(keys.map((k) => k.table).filter((t) => t !== name && plain.includes(t))),
    })
  }
  // Parents first, in schema order otherwise (stable, so that progress reads the same each run).
  const ordered: SourceTable[] = []
  const placed = new Set<string>()
  while (placed.size < tables.size) {
    const next = [...tables.values()].find(
      (t) => !placed.has(t.name) && [...t.parents].every((p) => placed.has(p)),
    )
    if (!next) {
      const left = [...tables.keys()].filter((t) => !placed.has(t))
      throw new Error(`Foreign keys form a cycle between ${left.join(', ')}: no order to copy them in`)
    }
    placed.add(next.name)
    const { parents: _parents, ...table } = next
    ordered.push(table)
  }
  return { copied: ordered, rebuilt }
}

/** Rows of each table and index, as SQLite counts them. */
export function countSourceRows(sqlite: Sqlite, tables: readonly string[]): Map<string, number> {
  const counts = new Map<string, number>()
  for (const table of tables)
    counts.set(table, (sqlite.prepare(`SELECT count(*) AS n FROM ${quote(table)}`).get() as { n: number }).n)
  return counts
}

/** The table's rows as arrays of `columns`, `size` at a time, in key order. */
export function* sourceBatches(sqlite: Sqlite, table: SourceTable, size: number): Generator<unknown[][]> {
  const order = table.key.length > 0 ? table.key.map(quote).join(', ') : 'rowid'
  const statement = sqlite
    .prepare(`SELECT ${table.columns.map(quote).join(', ')} FROM ${quote(table.name)} ORDER BY ${order}`)
    .raw(true)
  let batch: unknown[][] = []
  for (const row of statement.iterate() as IterableIterator<unknown[]>) {
    batch.push(row)
    if (batch.length === size) {
      yield batch
      batch = []
    }
  }
  if (batch.length > 0) yield batch
}

/** The last migration the file has (schema_migrations), '' for an empty file. */
export function sourceSchemaVersion(sqlite: Sqlite): string {
  const exists = sqlite.prepare("SELECT 1 FROM sqlite_schema WHERE name = 'schema_migrations'").get()
  if (!exists) return ''
  const row = sqlite.prepare('SELECT name FROM schema_migrations ORDER BY name DESC LIMIT 1').get() as
    | { name: string }
    | undefined
  return row?.name ?? ''
}
