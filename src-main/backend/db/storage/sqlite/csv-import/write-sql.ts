import type { Database, Statement } from 'better-sqlite3-multiple-ciphers'
import type { UpdateOp } from '../../../../family-csv/import/plan/index'
import type { WriteSql } from '../../../../family-csv/import/write-sql'

// How the CSV import's writer runs its statements on the embedded file
// (family-csv/import/write-sql.ts says what each does; the server's form is
// beside it there).

const QUOTIENT_INSERT =
  'INSERT INTO family_quotients (family_id, qf, valid_from, valid_to, created_at) VALUES (?, ?, ?, ?, ?)'

/** The embedded file: prepared statements, cached by shape, run at once. */
export function sqliteWriteSql(sqlite: Database): WriteSql {
  const statements = new Map<string, Statement>()
  const statement = (key: string, sql: () => string): Statement => {
    let prepared = statements.get(key)
    if (!prepared) {
      prepared = sqlite.prepare(sql())
      statements.set(key, prepared)
    }
    return prepared
  }
  return {
    checkInTransaction() {
      if (!sqlite.inTransaction) throw new Error('the import writes inside its transaction only')
    },
    async ids(key, sql, values) {
      return statement(key, sql).pluck().all(values) as number[]
    },
    send(key, sql, values) {
      statement(key, sql).run(values)
    },
    async settle() {},
    async updates(ops, at) {
      const failed = new Set<UpdateOp>()
      for (const op of ops) {
        const names = Object.keys(op.set)
        const { changes } = statement(`u:${op.entity.table}:${names.join(',')}`, () => {
          const set = names.map((n) => `${n} = ?`).join(', ')
          return `UPDATE ${op.entity.table} SET ${set}, version = ?, updated_at = ? WHERE id = ? AND version = ?`
        }).run(...Object.values(op.set), op.version + 1, at, op.id, op.version)
        if (changes !== 1) failed.add(op)
      }
      return (op) => !failed.has(op)
    },
    async quotients(ops, at) {
      return ops.map((op) => {
        if (op.close)
          statement('q:close', () => 'UPDATE family_quotients SET valid_to = ? WHERE id = ?').run(
            op.close.to,
            op.close.id,
          )
        if (op.update) {
          const sql = 'UPDATE family_quotients SET qf = ?, valid_to = ? WHERE id = ?'
          statement('q:update', () => sql).run(op.update.qf, op.update.to, op.update.id)
          return op.update.id
        }
        const { qf, from, to } = op.insert!
        return Number(
          statement('q:insert', () => QUOTIENT_INSERT).run(op.family.id, qf, from, to, at).lastInsertRowid,
        )
      })
    },
  }
}
