import type { DB } from '@db/schema'
import { type Compilable, CompiledQuery, createQueryId, type Kysely, type QueryResult } from 'kysely'

/** By database (its dialect's adapter), the statements compiled so far, by shape. */
const compiled = new WeakMap<object, Map<string, CompiledQuery>>()

/** Shapes kept per database: the callers have a few dozen (tables × columns changed, rows per statement). */
const LIMIT = 500

const sameParameters = (a: readonly unknown[], b: readonly unknown[]) =>
  a.length === b.length && a.every((value, i) => value === b[i])

/**
 * Runs a query that is built the same way many times with other values (a
 * record's update, a batch's multi-row update): kysely builds and compiles
 * it the first time for this database's dialect, and the SQL text is then
 * reused with the new values. `shape` names everything the text depends
 * on (table, columns, number of rows); `parameters` are the values in the
 * order the built query takes them. The first build checks that order: a
 * query whose compiled values differ from `parameters` is never reused.
 */
export async function executeCompiledOnce<R>(
  trx: Kysely<DB>,
  shape: string,
  parameters: readonly unknown[],
  build: () => Compilable<R>,
): Promise<QueryResult<R>> {
  const adapter = trx.getExecutor().adapter
  let shapes = compiled.get(adapter)
  if (!shapes) {
    shapes = new Map()
    compiled.set(adapter, shapes)
  }
  const known = shapes.get(shape)
  if (known) return trx.executeQuery<R>({ ...known, parameters, queryId: createQueryId() })
  const query = build().compile()
  if (sameParameters(query.parameters, parameters)) {
    if (shapes.size >= LIMIT) shapes.clear()
    // The text alone: the built query's tree would keep this call's values.
    shapes.set(shape, CompiledQuery.raw(query.sql))
  }
  return trx.executeQuery<R>(query)
}

/**
 * Inserts many rows of the same columns in one statement, compiled once
 * per table, columns and number of rows. Rows whose columns differ from
 * the first's, or that leave one undefined, are inserted as kysely builds
 * them each time.
 */
export async function insertRowsCompiledOnce<T extends Record<string, unknown>>(
  trx: Kysely<DB>,
  table: keyof DB & string,
  rows: readonly T[],
): Promise<void> {
  if (rows.length === 0) return
  const columns = Object.keys(rows[0])
  const alike = rows.every((row) => {
    const keys = Object.keys(row)
    return (
      keys.length === columns.length && keys.every((key, i) => key === columns[i] && row[key] !== undefined)
    )
  })
  const build = () => trx.insertInto(table).values(rows as never)
  if (!alike) {
    await build().execute()
    return
  }
  const parameters = rows.flatMap((row) => columns.map((column) => row[column]))
  await executeCompiledOnce(trx, `insert:${table}:${columns.join(',')}:${rows.length}`, parameters, build)
}
