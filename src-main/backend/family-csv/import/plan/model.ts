import type { ImportCounts } from '@shared/contract/csv'
import type { FieldChange } from '../../../audit/service'
import type { Entity } from '../../../records/entities'
import type { FieldValues } from '../../../records/values'

// What an import writes, decided batch by batch: rows to add with their
// values, rows to change with each field's before and after. New rows point
// to their family or child through a Ref, whose id is known once that family
// or child is written (families, then guardians, children and their items:
// each batch is written before the next phase refers to it).

export interface Ref {
  /** 0 until the row is written. */
  id: number
}

export interface InsertOp {
  entity: Entity
  ref: Ref
  /** The family (of a guardian, a child) or the child (of its items) the row hangs from. */
  parent: Ref | null
  /** The fields the files give, by key, in stored form (the schema's defaults fill the others). */
  values: FieldValues
  /** Columns beside the fields: number, role, identifier, product_id. */
  extra: Record<string, unknown>
  family: Ref
  child: Ref | null
}

export interface UpdateOp {
  entity: Entity
  id: number
  /** The version read; the row is written at version + 1. */
  version: number
  set: Record<string, unknown>
  changes: FieldChange[]
  familyId: number
  childId: number | null
}

/** A quotient familial added to a family's history, or one of its periods corrected. */
export interface QuotientOp {
  family: Ref
  insert?: { qf: number; from: string; to: string | null }
  update?: { id: number; qf: number; to: string | null }
  /** The open-ended quotient the new one follows, closed the day before. */
  close?: { id: number; to: string }
  changes: FieldChange[]
}

export function emptyCounts(): ImportCounts {
  const zero = () => ({ added: 0, changed: 0, unchanged: 0 })
  return {
    familles: zero(),
    responsables: zero(),
    enfants: zero(),
    personnesAutorisees: zero(),
    vaccinations: zero(),
    sante: zero(),
  }
}

/**
 * What a comparison plans, a batch at a time: the operations of the batch
 * being compared, handed to `flush` (written, or only counted for a preview)
 * and then let go, so that a city's import never holds a million of them.
 */
export class Plan {
  /** In dependency order: families, guardians, children, then the children's items. */
  readonly inserts: InsertOp[] = []
  readonly updates: UpdateOp[] = []
  readonly quotients: QuotientOp[] = []
  readonly counts = emptyCounts()
  /** Operations already flushed. */
  private flushed = 0

  /** Rows to write, flushed or not, for the progress bar. */
  get size(): number {
    return this.flushed + this.pending
  }

  /** Operations of the batch not yet flushed. */
  get pending(): number {
    return this.inserts.length + this.updates.length + this.quotients.length
  }

  /** Lets go of the batch's operations once written (or counted). */
  clear(): void {
    this.flushed += this.pending
    this.inserts.length = 0
    this.updates.length = 0
    this.quotients.length = 0
  }
}
