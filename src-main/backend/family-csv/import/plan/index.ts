import type { Database } from 'better-sqlite3-multiple-ciphers'
import { matchProduct, type VaccineProduct } from '../../../children/vaccine-products'
import { ExistingRecords } from '../existing'
import type { IncomingSet } from '../incoming'
import type { ImportProblems } from '../problems'
import { planChildren } from './children'
import type { PlanContext } from './context'
import { planFamilies, planGuardians } from './families'
import { planChildItems } from './items'
import { Plan } from './model'

export type { InsertOp, QuotientOp, Ref, UpdateOp } from './model'
export { emptyCounts, Plan } from './model'

/**
 * Compares a file set with the database: what to add, what to change, and
 * every inconsistency (reported into `problems`), a batch at a time, each
 * batch handed to `flush`. Reads only; run it in the transaction that
 * writes the batches, so that nothing changes in between.
 */
export function buildPlan(options: {
  set: IncomingSet
  sqlite: Database
  problems: ImportProblems
  today: string
  tick: () => void
  /** Receives each batch's operations before they are let go; absent for a preview. */
  flush?: (plan: Plan) => void
}): Plan {
  const db = new ExistingRecords(options.sqlite)
  const products = new Map<string, number | null>()
  let catalogue: VaccineProduct[] | undefined
  const ctx: PlanContext = {
    ...options,
    db,
    plan: new Plan(),
    flush() {
      if (ctx.plan.pending === 0) return
      options.flush?.(ctx.plan)
      ctx.plan.clear()
    },
    families: new Map(),
    children: new Map(),
    vaccineProduct(name) {
      if (!products.has(name)) {
        catalogue ??= db.vaccineProducts().map((p) => ({ ...p, diseases: [] }))
        products.set(name, matchProduct(catalogue, name)?.id ?? null)
      }
      return products.get(name) ?? null
    },
  }
  planFamilies(ctx)
  planGuardians(ctx)
  planChildren(ctx)
  planChildItems(ctx)
  ctx.flush()
  return ctx.plan
}
