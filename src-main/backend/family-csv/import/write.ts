import type { Database, Statement } from 'better-sqlite3-multiple-ciphers'
import { creationValues } from '../../audit/changes'
import type { Actor } from '../../context'
import type { ImportedChild } from '../../departure/service'
import { AppError } from '../../errors'
import { pushNewRowValues } from './plan/diff'
import type { InsertOp, Plan, QuotientOp, UpdateOp } from './plan/index'

// Writes a plan with prepared statements, in the caller's transaction. The
// audit trail is the record services': one entry per record created (the
// values given) or changed (each field's before and after), with the
// record's family and child, so that the family screens' history, health
// filtering and version conflicts see an import like any other change; the
// note names the import. Values and audit text are built row by row as they
// are written, a batch of the plan at a time (plan/model.ts).

export interface AuditStamp {
  actor: Actor
  /** ISO instant of the import, for every row and audit entry. */
  at: string
  /** On each record's entry: "Import CSV 3f2a9c1b". */
  note: string
  /** The import's own entry: "Import CSV 3f2a9c1b : familles.csv, enfants.csv". */
  summary: string
}

/** New rows per INSERT statement, at most (and at most 32,766 values: SQLite's limit). */
const CHUNK = 500
const MAX_VALUES = 32_000

/** Audit entries per INSERT statement: 200,000 entries one per statement took 650 ms of CPU, 50 per statement 430 ms. */
const AUDIT_CHUNK = 200

const auditSql = (
  rows: number,
) => `INSERT INTO audit_log (at, staff_id, actor, action, entity_type, entity_id,
  entity_version, family_id, child_id, changes, note) VALUES ${Array(rows).fill('(?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)').join(', ')}`

export class PlanWriter {
  private readonly statements = new Map<string, Statement>()
  /** The values of the audit entries not yet written, AUDIT_CHUNK at most, in their order. */
  private readonly pending: unknown[] = []
  entries = 0
  /** Children added with a departure date or to an archived family, and departure dates changed: what follows them is done once the plan is written (run.ts). */
  readonly children: ImportedChild[] = []

  constructor(
    private readonly sqlite: Database,
    private readonly stamp: AuditStamp,
    /** Families archived before the import: a child added to one of them may bring it back. */
    private readonly archived: ReadonlyMap<number, string> = new Map(),
  ) {}

  private statement(key: string, sql: () => string): Statement {
    let statement = this.statements.get(key)
    if (!statement) {
      statement = this.sqlite.prepare(sql())
      this.statements.set(key, statement)
    }
    return statement
  }

  private record(
    action: string,
    type: string,
    id: number,
    version: number | null,
    familyId: number,
    childId: number | null,
    changes: string,
  ): void {
    const { actor, at, note } = this.stamp
    this.pending.push(
      at,
      actor.staffId,
      actor.displayName,
      action,
      type,
      id,
      version,
      familyId,
      childId,
      changes,
      note,
    )
    this.entries++
    if (this.pending.length === AUDIT_CHUNK * 11) this.writeAudit()
  }

  /** Writes the audit entries kept so far, in their order. */
  private writeAudit(): void {
    const rows = this.pending.length / 11
    if (rows === 0) return
    this.statement(`audit:${rows}`, () => auditSql(rows)).run(this.pending)
    this.pending.length = 0
  }

  /** The import's own entry, which names its files. */
  summary(): void {
    const { actor, at, summary } = this.stamp
    this.pending.push(
      at,
      actor.staffId,
      actor.displayName,
      'csv.import',
      'import',
      null,
      null,
      null,
      null,
      null,
      summary,
    )
    this.entries++
  }

  /**
   * Writes new rows of one table with the same columns, CHUNK at a time in
   * one multi-row INSERT, then their audit entries in the same order. A
   * statement that fires triggers (coverage, departure, search: every record
   * table has some) keeps a statement journal of each page it changes, and
   * SQLite moves that journal to a file once one statement outgrows 64 KB:
   * one row per statement wrote each changed page there again for every row
   * (2 GB of system calls for 20,000 families, a database of 122 MB).
   */
  private insertRows(ops: readonly InsertOp[]): void {
    const { table, parentColumn, fields } = ops[0].entity
    const extra = Object.keys(ops[0].extra)
    const columns = [
      ...(parentColumn ? [parentColumn] : []),
      ...fields.map((f) => f.column),
      ...extra,
      'created_at',
      'updated_at',
    ]
    const statement = this.statement(`${table}:${extra.join(',')}:${ops.length}`, () => {
      const row = `(${columns.map(() => '?').join(', ')})`
      return `INSERT INTO ${table} (${columns.join(', ')}) VALUES ${Array(ops.length).fill(row).join(', ')} RETURNING id`
    })
    const values: unknown[] = []
    for (const op of ops) {
      if (op.parent) values.push(op.parent.id)
      pushNewRowValues(values, op.entity, op.values)
      for (const name of extra) values.push(op.extra[name])
      values.push(this.stamp.at, this.stamp.at)
    }
    // Each row takes the next rowid, in the order of VALUES: ascending ids are the rows' order.
    const ids = (statement.pluck().all(values) as number[]).sort((a, b) => a - b)
    if (ids.length !== ops.length) throw new Error(`${table}: ${ids.length} rows written of ${ops.length}`)
    ops.forEach((op, i) => {
      op.ref.id = ids[i]
    })
    for (const op of ops) this.created(op)
  }

  /** What follows a new row: its departure's consequences, later (run.ts), and its audit entry. */
  private created(op: InsertOp): void {
    const { type } = op.entity
    const leftOn = op.values.date_de_depart as string | null | undefined
    if (type === 'child' && (leftOn || this.archived.has(op.family.id)))
      this.children.push({
        childId: op.ref.id,
        familyId: op.family.id,
        leftOn: leftOn || undefined,
        existing: false,
      })
    this.record(
      `${type}.create`,
      type,
      op.ref.id,
      1,
      op.family.id,
      op.child?.id ?? null,
      creationValues(type, op.values, op.extra.number ?? op.extra.identifier),
    )
  }

  /** Writes the plan's new rows in their order, a run of rows of one table and the same columns at a time. */
  private inserts(ops: readonly InsertOp[], tick: () => void): void {
    const columnsOf = (op: InsertOp) => `${op.entity.table}:${Object.keys(op.extra).join(',')}`
    for (let from = 0; from < ops.length; ) {
      const { entity } = ops[from]
      const width = entity.fields.length + Object.keys(ops[from].extra).length + 3
      const most = Math.min(CHUNK, Math.floor(MAX_VALUES / width))
      const columns = columnsOf(ops[from])
      let to = from + 1
      while (to < ops.length && to - from < most && columnsOf(ops[to]) === columns) to++
      this.insertRows(ops.slice(from, to))
      for (let i = from; i < to; i++) tick()
      from = to
    }
  }

  update(op: UpdateOp): void {
    const names = Object.keys(op.set)
    const { table, type, name } = op.entity
    const statement = this.statement(`u:${table}:${names.join(',')}`, () => {
      const set = names.map((n) => `${n} = ?`).join(', ')
      return `UPDATE ${table} SET ${set}, version = ?, updated_at = ? WHERE id = ? AND version = ?`
    })
    const version = op.version + 1
    const { changes } = statement.run(...Object.values(op.set), version, this.stamp.at, op.id, op.version)
    // The plan was checked against this very state (see run.ts): a row changed under it is a bug, never a guess.
    if (changes !== 1)
      throw new AppError(
        'CONFLICT',
        `${name} modifié pendant l’import : rien n’a été enregistré, recommencez.`,
      )
    if (type === 'child' && 'left_on' in op.set)
      this.children.push({
        childId: op.id,
        familyId: op.familyId,
        leftOn: op.set.left_on as string | null,
        existing: true,
      })
    this.record(`${type}.update`, type, op.id, version, op.familyId, op.childId, JSON.stringify(op.changes))
  }

  quotient(op: QuotientOp): void {
    if (op.close)
      this.statement('q:close', () => 'UPDATE family_quotients SET valid_to = ? WHERE id = ?').run(
        op.close.to,
        op.close.id,
      )
    let id: number
    if (op.update) {
      const sql = 'UPDATE family_quotients SET qf = ?, valid_to = ? WHERE id = ?'
      this.statement('q:update', () => sql).run(op.update.qf, op.update.to, op.update.id)
      id = op.update.id
    } else {
      const { qf, from, to } = op.insert!
      const sql =
        'INSERT INTO family_quotients (family_id, qf, valid_from, valid_to, created_at) VALUES (?, ?, ?, ?, ?)'
      id = Number(
        this.statement('q:insert', () => sql).run(op.family.id, qf, from, to, this.stamp.at).lastInsertRowid,
      )
    }
    this.record(
      'family.quotient',
      'family_quotient',
      id,
      null,
      op.family.id,
      null,
      JSON.stringify(op.changes),
    )
  }

  /** Writes the operations of the plan's current batch; `tick` after each. */
  batch(plan: Plan, tick: () => void): void {
    if (!this.sqlite.inTransaction) throw new Error('the import writes inside its transaction only')
    this.inserts(plan.inserts, tick)
    for (const op of plan.updates) {
      this.update(op)
      tick()
    }
    for (const op of plan.quotients) {
      this.quotient(op)
      tick()
    }
    // Every entry of the batch written with it: what comes after the plan (run.ts) finds them all.
    this.writeAudit()
  }
}
