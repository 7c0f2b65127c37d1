import type { Database, Statement } from 'better-sqlite3'
import type { Actor } from '../../context'
import { AppError } from '../../errors'
import type { FieldChange } from '../../audit/service'
import type { InsertOp, Plan, QuotientOp, UpdateOp } from './plan/index'

// Writes a plan with prepared statements, in the caller's transaction: one
// row per record, and one audit entry per record added or changed (who,
// when, each field's before and after, a note naming the import), as the
// record services write them, so that the history and the version checks of
// the family screens see an import like any other change.

export interface AuditStamp {
  actor: Actor
  /** ISO instant of the import, for every row and audit entry. */
  at: string
  /** "Import CSV (familles.csv, enfants.csv)". */
  note: string
}

const AUDIT_SQL = `INSERT INTO audit_log (at, staff_id, actor, action, entity_type, entity_id, entity_version,
  family_id, child_id, changes, note) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`

class PlanWriter {
  private readonly statements = new Map<string, Statement>()
  private readonly audit: Statement
  auditEntries = 0

  constructor(
    private readonly sqlite: Database,
    private readonly stamp: AuditStamp,
  ) {
    this.audit = sqlite.prepare(AUDIT_SQL)
  }

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
    entityType: string,
    id: number,
    version: number | null,
    familyId: number,
    childId: number | null,
    changes: FieldChange[],
  ): void {
    const { actor, at, note } = this.stamp
    this.audit.run(at, actor.staffId, actor.displayName, action, entityType, id, version, familyId, childId, JSON.stringify(changes), note)
    this.auditEntries++
  }

  insert(op: InsertOp): void {
    const { table, parentColumn, type } = op.entity
    const names = Object.keys(op.columns)
    if (parentColumn) names.unshift(parentColumn)
    const statement = this.statement(`i:${table}:${names.join(',')}`, () => {
      const columns = [...names, 'created_at', 'updated_at']
      return `INSERT INTO ${table} (${columns.join(', ')}) VALUES (${columns.map(() => '?').join(', ')})`
    })
    const values = parentColumn ? [op.parent!.id, ...Object.values(op.columns)] : Object.values(op.columns)
    const { lastInsertRowid } = statement.run(...values, this.stamp.at, this.stamp.at)
    op.ref.id = Number(lastInsertRowid)
    this.record(`${type}.create`, type, op.ref.id, 1, op.family.id, op.child?.id ?? null, op.changes)
  }

  update(op: UpdateOp): void {
    const { table, type, name } = op.entity
    const names = Object.keys(op.set)
    const statement = this.statement(
      `u:${table}:${names.join(',')}`,
      () =>
        `UPDATE ${table} SET ${names.map((n) => `${n} = ?`).join(', ')}, version = ?, updated_at = ? WHERE id = ? AND version = ?`,
    )
    const version = op.version + 1
    const { changes } = statement.run(...Object.values(op.set), version, this.stamp.at, op.id, op.version)
    // The plan was made in this transaction: a row changed under it means a bug, never a guess.
    if (changes !== 1) throw new AppError('CONFLICT', `${name} modifié pendant l’import : rien n’a été enregistré, recommencez.`)
    this.record(`${type}.update`, type, op.id, version, op.familyId, op.childId, op.changes)
  }

  quotient(op: QuotientOp): void {
    if (op.close)
      this.statement('q:close', () => 'UPDATE family_quotients SET valid_to = ? WHERE id = ?').run(op.close.to, op.close.id)
    let id: number
    if (op.update) {
      this.statement('q:update', () => 'UPDATE family_quotients SET qf = ?, valid_to = ? WHERE id = ?').run(
        op.update.qf,
        op.update.to,
        op.update.id,
      )
      id = op.update.id
    } else {
      const { qf, from, to } = op.insert!
      const sql = 'INSERT INTO family_quotients (family_id, qf, valid_from, valid_to, created_at) VALUES (?, ?, ?, ?, ?)'
      id = Number(this.statement('q:insert', () => sql).run(op.family.id, qf, from, to, this.stamp.at).lastInsertRowid)
    }
    this.record('family.quotient', 'family_quotient', id, null, op.family.id, null, op.changes)
  }
}

/** Writes every row of the plan; `tick` after each (progress, cancellation). Returns the audit entries written. */
export function writePlan(sqlite: Database, plan: Plan, stamp: AuditStamp, tick: () => void): number {
  if (!sqlite.inTransaction) throw new Error('writePlan must run inside the import transaction')
  const writer = new PlanWriter(sqlite, stamp)
  for (const op of plan.inserts) {
    writer.insert(op)
    tick()
  }
  for (const op of plan.updates) {
    writer.update(op)
    tick()
  }
  for (const op of plan.quotients) {
    writer.quotient(op)
    tick()
  }
  return writer.auditEntries
}
