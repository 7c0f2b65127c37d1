import { matchProduct, type VaccineProduct } from '../../../children/vaccine-products'
import type { ExistingRecords } from '../existing'
import type { IncomingSet } from '../incoming'
import type { ImportProblems } from '../problems'
import { planChildren } from './children'
import { addReported, type PlanContext } from './context'
import { planFamilies, planGuardians } from './families'
import { planChildItems } from './items'
import { Plan } from './model'

export type { InsertOp, QuotientOp, Ref, UpdateOp } from './model'
export { emptyCounts, Plan } from './model'

/**
 * Compares a file set with the database: what to add, what to change, and
 * every inconsistency (reported into `problems`), a batch at a time, each
 * batch handed to `flush`. Reads only; run it in the transaction that
 * writes the batches, so that nothing changes in between. The database is
 * awaited once per batch of keys (existing.ts), never per record.
 */
export async function buildPlan(options: {
  set: IncomingSet
  db: ExistingRecords
  problems: ImportProblems
  today: string
  tick: () => void
  /** Receives each batch's operations before they are let go; absent for a preview. */
  flush?: (plan: Plan) => Promise<void>
}): Promise<Plan> {
  const { db } = options
  const products = new Map<string, number | null>()
  // The catalogue, for the vaccinations' product (read once, only when there are vaccinations).
  const catalogue: VaccineProduct[] =
    options.set.vaccinations.size > 0 ? (await db.vaccineProducts()).map((p) => ({ ...p, diseases: [] })) : []
  const ctx: PlanContext = {
    ...options,
    plan: new Plan(),
    reported: [],
    async flush() {
      await addReported(ctx)
      if (ctx.plan.pending === 0) return
      await options.flush?.(ctx.plan)
      ctx.plan.clear()
    },
    families: new Map(),
    children: new Map(),
    vaccineProduct(name) {
      if (!products.has(name)) products.set(name, matchProduct(catalogue, name)?.id ?? null)
      return products.get(name) ?? null
    },
  }
  await planFamilies(ctx)
  await planGuardians(ctx)
  await planChildren(ctx)
  await planChildItems(ctx)
  await ctx.flush()
  return ctx.plan
}
