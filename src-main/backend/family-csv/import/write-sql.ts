import type { DB } from '@db/schema'
import { CompiledQuery, type Kysely } from 'kysely'
import type { QuotientOp, UpdateOp } from './plan/index'

// How the import's writer (write.ts) runs its statements on each engine. The
// writer builds the SQL (rows per INSERT, audit entries per INSERT); this
// runs it; storage.csvImport.writeSql(trx) gives the one of the storage. The
// embedded file: each statement prepared once and cached by its shape, run at
// once on the connection the transaction holds, exactly as before the server
// mode (db/storage/sqlite/csv-import/write-sql.ts). A PostgreSQL server (below): the same statements sent
// through the import's transaction without waiting for each answer (the
// connection runs them in order; settle() waits for them all), and the rows
// a batch changes sent as one UPDATE … FROM (VALUES …) per table instead of
// one round trip per row.

export interface WriteSql {
  /** Throws unless the transaction the import writes in is open. */
  checkInTransaction(): void
  /** Runs an INSERT … RETURNING id (the SQL built by `sql` the first time the `key` is seen); the ids. */
  ids(key: string, sql: () => string, values: readonly unknown[]): Promise<number[]>
  /** Runs a statement whose answer is not needed: at once, or queued until settle(). The values may be reused by the caller afterwards. */
  send(key: string, sql: () => string, values: readonly unknown[]): void
  /** Waits for what send() queued; throws its first failure. */
  settle(): Promise<void>
  /** Applies the updates at version + 1 (stamped `at`) where the row is still at the version read; which ones were. */
  updates(ops: readonly UpdateOp[], at: string): Promise<(op: UpdateOp) => boolean>
  /** Applies the quotient operations (close, correct, add), in order; the id of each op's quotient row. */
  quotients(ops: readonly QuotientOp[], at: string): Promise<number[]>
}

/** `?` placeholders as PostgreSQL's $1, $2… (the writer's SQL has no `?` of its own). */
const numbered = (sql: string) => {
  let n = 0
  return sql.replace(/\?/g, () => `$${++n}`)
}

/** Rows per UPDATE … FROM (VALUES …) statement, at most. */
const UPDATE_ROWS = 500

/** The server: the writer's statements through the transaction `trx`, queued in order. */
export function postgresWriteSql(trx: Kysely<DB>): WriteSql {
  const texts = new Map<string, string>()
  const text = (key: string, sql: () => string) => {
    let found = texts.get(key)
    if (found === undefined) {
      found = numbered(sql())
      texts.set(key, found)
    }
    return found
  }
  const run = async (sql: string, values: readonly unknown[]) =>
    (await trx.executeQuery<{ id: number }>(CompiledQuery.raw(sql, [...values]))).rows
  let queued: Promise<unknown>[] = []
  let failure: unknown
  /** Each table's column types, for the parameters of UPDATE … FROM (VALUES …), which have no target to take them from. */
  let types: Promise<Map<string, string>> | undefined
  const typeOf = async (table: string, column: string) => {
    types ??= run(
      `SELECT table_name || '.' || column_name AS id, udt_name AS type FROM information_schema.columns
       WHERE table_schema = current_schema()`,
      [],
    ).then((rows) => new Map((rows as unknown as { id: string; type: string }[]).map((r) => [r.id, r.type])))
    const type = (await types).get(`${table}.${column}`)
    if (!type) throw new Error(`No column ${table}.${column}`)
    return type
  }
  const settle = async () => {
    const waiting = queued
    queued = []
    await Promise.all(waiting)
    if (failure !== undefined) {
      const error = failure
      failure = undefined
      throw error
    }
  }
  /**
   * The list of an UPDATE … FROM (VALUES …) AS v(…): each column named
   * `name`, its parameters cast to the type of `table`'s column `typeOf`
   * (the column of that name unless said), each row's values in order.
   */
  const valuesOf = async (
    table: string,
    columns: readonly (string | [name: string, typeOf: string])[],
    rows: readonly unknown[][],
  ) => {
    const named = columns.map((c) => (typeof c === 'string' ? [c, c] : c))
    const casts = await Promise.all(named.map(([, column]) => typeOf(table, column)))
    let n = 0
    const tuples = rows.map(() => `(${casts.map((cast) => `$${++n}::${cast}`).join(', ')})`)
    return {
      sql: `(VALUES ${tuples.join(', ')}) AS v(${named.map(([name]) => name).join(', ')})`,
      values: rows.flat(),
    }
  }
  return {
    checkInTransaction() {
      if (!trx.isTransaction) throw new Error('the import writes inside its transaction only')
    },
    async ids(key, sql, values) {
      await settle()
      return (await run(text(key, sql), values)).map((row) => Number(row.id))
    },
    send(key, sql, values) {
      queued.push(
        run(text(key, sql), values).catch((error) => {
          failure ??= error
        }),
      )
    },
    settle,
    async updates(ops, at) {
      await settle()
      const done = new Set<number>()
      const byTable = new Map<string, UpdateOp[]>()
      for (const op of ops) {
        const list = byTable.get(op.entity.table) ?? []
        list.push(op)
        byTable.set(op.entity.table, list)
      }
      for (const [table, all] of byTable)
        for (let from = 0; from < all.length; from += UPDATE_ROWS) {
          const part = all.slice(from, from + UPDATE_ROWS)
          // Every column one of the rows changes; a bit of `m` per column says whether this row does.
          const names = [...new Set(part.flatMap((op) => Object.keys(op.set)))]
          if (names.length > 52) throw new Error(`${table}: ${names.length} columns in one update`)
          const rows = part.map((op) => [
            op.id,
            op.version,
            names.reduce((mask, name, i) => (name in op.set ? mask + 2 ** i : mask), 0),
            ...names.map((name) => (name in op.set ? op.set[name] : null)),
          ])
          const columns: [string, string][] = [
            ['id', 'id'],
            ['old_version', 'version'],
            ['m', 'version'],
          ]
          const v = await valuesOf(table, [...columns, ...names], rows)
          const set = names.map(
            (name, i) => `${name} = CASE WHEN (v.m >> ${i}) & 1 = 1 THEN v.${name} ELSE t.${name} END`,
          )
          const at$ = `$${v.values.length + 1}`
          const changed = await run(
            `UPDATE ${table} AS t SET ${set.join(', ')}, version = v.old_version + 1, updated_at = ${at$}::text
             FROM ${v.sql} WHERE t.id = v.id AND t.version = v.old_version RETURNING t.id`,
            [...v.values, at],
          )
          for (const row of changed) done.add(Number(row.id))
        }
      return (op) => done.has(op.id)
    },
    async quotients(ops, at) {
      await settle()
      const closes = ops.flatMap((op) => (op.close ? [[op.close.id, op.close.to]] : []))
      const updates = ops.flatMap((op) => (op.update ? [[op.update.id, op.update.qf, op.update.to]] : []))
      const inserts = ops.flatMap((op) =>
        op.insert ? [[op.family.id, op.insert.qf, op.insert.from, op.insert.to, at]] : [],
      )
      for (let from = 0; from < closes.length; from += UPDATE_ROWS) {
        const v = await valuesOf(
          'family_quotients',
          ['id', 'valid_to'],
          closes.slice(from, from + UPDATE_ROWS),
        )
        await run(
          `UPDATE family_quotients AS t SET valid_to = v.valid_to FROM ${v.sql} WHERE t.id = v.id`,
          v.values,
        )
      }
      for (let from = 0; from < updates.length; from += UPDATE_ROWS) {
        const v = await valuesOf(
          'family_quotients',
          ['id', 'qf', 'valid_to'],
          updates.slice(from, from + UPDATE_ROWS),
        )
        await run(
          `UPDATE family_quotients AS t SET qf = v.qf, valid_to = v.valid_to FROM ${v.sql} WHERE t.id = v.id`,
          v.values,
        )
      }
      const added: number[] = []
      for (let from = 0; from < inserts.length; from += UPDATE_ROWS) {
        const part = inserts.slice(from, from + UPDATE_ROWS)
        const rows = part.map(() => '(?, ?, ?, ?, ?)').join(', ')
        const sql = numbered(
          `INSERT INTO family_quotients (family_id, qf, valid_from, valid_to, created_at) VALUES ${rows} RETURNING id`,
        )
        // Each row takes the next id, in the order of VALUES: ascending ids are the rows' order.
        added.push(...(await run(sql, part.flat())).map((row) => Number(row.id)).sort((a, b) => a - b))
      }
      let next = 0
      return ops.map((op) => (op.update ? op.update.id : added[next++]))
    },
  }
}
