import type { DbRow, ExistingChild, ExistingQuotient, ExistingRecords } from '../existing'
import type { IncomingSet, Origin } from '../incoming'
import type { ImportProblems } from '../problems'
import type { Plan, Ref } from './model'

/** A family the set speaks of: in the database (row), or to be created by this import. */
export interface FamilyTarget {
  ref: Ref
  row?: DbRow
}

export interface ChildTarget {
  ref: Ref
  family: Ref
  row?: ExistingChild
}

export interface PlanContext {
  set: IncomingSet
  db: ExistingRecords
  problems: ImportProblems
  plan: Plan
  /** 'yyyy-mm-dd', for rules on dates (a vaccination is not in the future). */
  today: string
  families: Map<string, FamilyTarget>
  children: Map<string, ChildTarget>
  /** The QF history of the families in the database, oldest first. */
  quotients: Map<number, ExistingQuotient[]>
  /** The catalogue product a vaccine name stands for, if any. */
  vaccineProduct(name: string): number | null
  /** Called once per record planned: progress and cancellation. */
  tick(): void
}

export function report(ctx: PlanContext, at: Origin, column: string, message: string): void {
  ctx.problems.add({ file: at.file, line: at.line, column: at.label(column), message })
}
