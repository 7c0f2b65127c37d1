import { creationValues } from '../../audit/changes'
import type { Actor } from '../../context'
import type { ImportedChild } from '../../departure/service'
import { AppError } from '../../errors'
import { pushNewRowValues } from './plan/diff'
import type { InsertOp, Plan, QuotientOp, UpdateOp } from './plan/index'
import type { WriteSql } from './write-sql'

// Writes a plan in the caller's transaction, through WriteSql (write-sql.ts:
// cached prepared statements on the embedded file, the same statements sent
// to a PostgreSQL server). The
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
  /** The values of the audit entries not yet written, AUDIT_CHUNK at most, in their order. */
  private readonly pending: unknown[] = []
  entries = 0
  /** Children added with a departure date or to an archived family, and departure dates changed: what follows them is done once the plan is written (run.ts). */
  readonly children: ImportedChild[] = []

  constructor(
    private readonly sql: WriteSql,
    private readonly stamp: AuditStamp,
    /** Families archived before the import: a child added to one of them may bring it back. */
    private readonly archived: ReadonlyMap<number, string> = new Map(),
  ) {}

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

  /** Sends the audit entries kept so far, in their order (awaited with the batch: see batch()). */
  private writeAudit(): void {
    const rows = this.pending.length / 11
    if (rows === 0) return
    this.sql.send(`audit:${rows}`, () => auditSql(rows), this.pending)
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
  private async insertRows(ops: readonly InsertOp[]): Promise<void> {
    const { table, parentColumn, fields } = ops[0].entity
    const extra = Object.keys(ops[0].extra)
    const columns = [
      ...(parentColumn ? [parentColumn] : []),
      ...fields.map((f) => f.column),
      ...extra,
      'created_at',
      'updated_at',
    ]
    const sql = () => {
      const row = `(${columns.map(() => '?').join(', ')})`
      return `INSERT INTO ${table} (${columns.join(', ')}) VALUES ${Array(ops.length).fill(row).join(', ')} RETURNING id`
    }
    const values: unknown[] = []
    for (const op of ops) {
      if (op.parent) values.push(op.parent.id)
      pushNewRowValues(values, op.entity, op.values)
      for (const name of extra) values.push(op.extra[name])
      values.push(this.stamp.at, this.stamp.at)
    }
    // Each row takes the next rowid, in the order of VALUES: ascending ids are the rows' order.
    const ids = (await this.sql.ids(`${table}:${extra.join(',')}:${ops.length}`, sql, values)).sort(
      (a, b) => a - b,
    )
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
  private async inserts(ops: readonly InsertOp[], tick: () => void): Promise<void> {
    const columnsOf = (op: InsertOp) => `${op.entity.table}:${Object.keys(op.extra).join(',')}`
    for (let from = 0; from < ops.length; ) {
      const { entity } = ops[from]
      const width = entity.fields.length + Object.keys(ops[from].extra).length + 3
      const most = Math.min(CHUNK, Math.floor(MAX_VALUES / width))
      const columns = columnsOf(ops[from])
      let to = from + 1
      while (to < ops.length && to - from < most && columnsOf(ops[to]) === columns) to++
      await this.insertRows(ops.slice(from, to))
      for (let i = from; i < to; i++) tick()
      from = to
    }
  }

  /** The rows a batch changes, checked against the version read (see run.ts). */
  private async updates(ops: readonly UpdateOp[], tick: () => void): Promise<void> {
    if (ops.length === 0) return
    const done = await this.sql.updates(ops, this.stamp.at)
    for (const op of ops) {
      const { type, name } = op.entity
      // The plan was checked against this very state (see run.ts): a row changed under it is a bug, never a guess.
      if (!done(op))
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
      this.record(
        `${type}.update`,
        type,
        op.id,
        op.version + 1,
        op.familyId,
        op.childId,
        JSON.stringify(op.changes),
      )
      tick()
    }
  }

  /** A batch's quotients: periods closed, corrected, added, then their audit entries in order. */
  private async quotients(ops: readonly QuotientOp[], tick: () => void): Promise<void> {
    if (ops.length === 0) return
    const ids = await this.sql.quotients(ops, this.stamp.at)
    ops.forEach((op, i) => {
      this.record(
        'family.quotient',
        'family_quotient',
        ids[i],
        null,
        op.family.id,
        null,
        JSON.stringify(op.changes),
      )
      tick()
    })
  }

  /** Writes the operations of the plan's current batch; `tick` after each. */
  async batch(plan: Plan, tick: () => void): Promise<void> {
    this.sql.checkInTransaction()
    await this.inserts(plan.inserts, tick)
    await this.updates(plan.updates, tick)
    await this.quotients(plan.quotients, tick)
    // Every entry of the batch written with it: what comes after the plan (run.ts) finds them all.
    this.writeAudit()
    await this.sql.settle()
  }
}
