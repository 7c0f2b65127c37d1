import type { DB } from '@db/schema'
import { CompiledQuery, type Kysely } from 'kysely'
import { AppError } from '../errors'

// What the transfer does on the PostgreSQL side (docs/architecture.md,
// « Transfert vers PostgreSQL »), in neutral kysely calls of raw SQL so that
// nothing here talks to the driver itself.

type Db = Kysely<DB>

const quote = (name: string) => `"${name.replaceAll('"', '""')}"`

export async function query<R = Record<string, unknown>>(
  db: Db,
  text: string,
  parameters: readonly unknown[] = [],
): Promise<R[]> {
  const result = await db.executeQuery(CompiledQuery.raw(text, [...parameters]))
  return result.rows as R[]
}

/** PostgreSQL's limit of parameters in one statement. */
const MAX_PARAMETERS = 65_535

/** Rows of `columns` values sent by one INSERT: about a thousand, within the parameter limit. */
export function rowsPerInsert(columns: number): number {
  return Math.max(1, Math.min(1000, Math.floor(MAX_PARAMETERS / Math.max(1, columns))))
}

/** Each base table of the target's schema with its written columns (generated ones left out) and their types. */
export async function targetColumns(db: Db): Promise<Map<string, Map<string, string>>> {
  const rows = await query<{ table: string; column: string; type: string }>(
    db,
    `SELECT c.relname AS "table", a.attname AS "column", format_type(a.atttypid, a.atttypmod) AS "type"
     FROM pg_attribute a JOIN pg_class c ON c.oid = a.attrelid JOIN pg_namespace n ON n.oid = c.relnamespace
     WHERE n.nspname = current_schema() AND c.relkind = 'r' AND a.attnum > 0 AND NOT a.attisdropped
       AND a.attgenerated = ''
     ORDER BY c.relname, a.attnum`,
  )
  const tables = new Map<string, Map<string, string>>()
  for (const row of rows) {
    const columns = tables.get(row.table) ?? new Map<string, string>()
    columns.set(row.column, row.type)
    tables.set(row.table, columns)
  }
  return tables
}

/** Rows of each table of the target (absent tables: none). */
export async function countTargetRows(db: Db, tables: readonly string[]): Promise<Map<string, number>> {
  const counts = new Map<string, number>()
  for (const table of tables) {
    const [row] = await query<{ n: number }>(db, `SELECT count(*) AS n FROM ${quote(table)}`)
    counts.set(table, Number(row.n))
  }
  return counts
}

/** A multi-row INSERT of `rows`, the statement's text kept per table and row count. */
export class BatchInsert {
  private readonly texts = new Map<number, string>()
  constructor(
    private readonly table: string,
    private readonly columns: readonly string[],
  ) {}

  private text(rows: number): string {
    let text = this.texts.get(rows)
    if (!text) {
      const width = this.columns.length
      const tuples: string[] = []
      for (let r = 0; r < rows; r++)
        tuples.push(`(${this.columns.map((_, c) => `$${r * width + c + 1}`).join(',')})`)
      text = `INSERT INTO ${quote(this.table)} (${this.columns.map(quote).join(',')}) VALUES ${tuples.join(',')}`
      this.texts.set(rows, text)
    }
    return text
  }

  async run(db: Db, rows: readonly unknown[][]): Promise<void> {
    if (rows.length === 0) return
    await query(db, this.text(rows.length), rows.flat())
  }
}

/**
 * Sets `column` of the rows whose key is given, once every row of the table is
 * in (a reference to a later row of the same table: requests.replaced_by).
 */
export async function setLater(
  db: Db,
  table: string,
  key: string,
  keyType: string,
  column: string,
  columnType: string,
  pairs: readonly [unknown, unknown][],
): Promise<void> {
  const size = rowsPerInsert(2)
  for (let from = 0; from < pairs.length; from += size) {
    const slice = pairs.slice(from, from + size)
    const tuples = slice.map((_, i) => `($${2 * i + 1}::${keyType}, $${2 * i + 2}::${columnType})`).join(',')
    await query(
      db,
      `UPDATE ${quote(table)} AS t SET ${quote(column)} = v.value FROM (VALUES ${tuples}) AS v(key, value) WHERE t.${quote(key)} = v.key`,
      slice.flat(),
    )
  }
}

/** The French names of the tables that say a database is in use. */
const IN_USE: Record<string, string> = {
  families: 'familles',
  requests: 'demandes',
  audit_log: 'entrées du journal d’audit',
  staff: 'comptes du personnel',
}

/**
 * Refuses a target that holds anything but what the migrations themselves
 * insert (`seeded`: rows per table of a freshly migrated database), naming
 * what it found: a transfer never mixes two communes' data.
 */
export async function refuseNonEmpty(db: Db, seeded: ReadonlyMap<string, number>): Promise<void> {
  const tables = await query<{ table: string }>(
    db,
    `SELECT c.relname AS "table" FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
     WHERE n.nspname = current_schema() AND c.relkind = 'r' AND c.relname <> 'schema_migrations'
     ORDER BY c.relname`,
  )
  const found: { table: string; n: number }[] = []
  for (const { table } of tables) {
    const limit = (seeded.get(table) ?? 0) + 1
    const [row] = await query<{ n: number }>(
      db,
      `SELECT count(*) AS n FROM (SELECT 1 FROM ${quote(table)} LIMIT ${limit}) AS rows`,
    )
    const n = Number(row.n)
    if (n >= limit) found.push({ table, n })
  }
  if (found.length === 0) return
  const important = Object.keys(IN_USE).flatMap((t) => found.filter((f) => f.table === t))
  const named = (important.length > 0 ? important : found)
    .map((f) => (IN_USE[f.table] ? `des ${IN_USE[f.table]}` : `des lignes dans « ${f.table} »`))
    .join(', ')
  throw new AppError(
    'CONFLICT',
    `La base cible n’est pas vide (elle contient ${named}) : le transfert se fait vers une base PostgreSQL neuve, rien n’a été écrit.`,
  )
}
