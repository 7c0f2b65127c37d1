import { didYouMean, oneDigitOff } from '@shared/domain/near-number'
import type { ExistingRecords } from '../existing'
import type { IncomingSet, Origin } from '../incoming'
import type { ImportProblems } from '../problems'
import type { Plan, Ref } from './model'

/** A family the set speaks of: in the database, or to be created by this import. */
export interface FamilyTarget {
  ref: Ref
  exists: boolean
}

export interface ChildTarget {
  ref: Ref
  family: Ref
  exists: boolean
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
  /** The catalogue product a vaccine name stands for, if any. */
  vaccineProduct(name: string): number | null
  /** Called once per record planned: progress and cancellation. */
  tick(): void
  /**
   * Called after each batch: adds the batch's problems (looking up the near
   * numbers they propose), then hands its operations on (written or
   * counted) and lets them go.
   */
  flush(): Promise<void>
  /** The problems found since the last flush, in the order found (see report). */
  reported: Reported[]
}

/** A problem found, whose message may end with a near number to look up once the batch is compared. */
export interface Reported {
  file: string
  line: number
  column: string
  message: string | ((near: string) => string)
  near?: { kind: 'family' | 'child'; number: string }
}

/** Proposals looked up for one import at most: a file of wrong numbers is reported, not searched. */
const MAX_PROPOSALS = 200
const proposals = new WeakMap<PlanContext, number>()

/**
 * " ; vouliez-vous dire 383304832264 (TEST TEST) ?" when a family (or a
 * child) one digit away from an unknown number is in Marelle or the files.
 */
async function nearNumber(ctx: PlanContext, kind: 'family' | 'child', number: string): Promise<string> {
  const candidates = oneDigitOff(number)
  const found =
    kind === 'family'
      ? await ctx.db.familiesNumbered(candidates)
      : await ctx.db.childrenIdentified(candidates)
  const inFiles = kind === 'family' ? ctx.set.families : ctx.set.children
  const known = new Set(found.map((f) => f.number))
  for (const candidate of candidates)
    if (inFiles.has(candidate) && !known.has(candidate)) found.push({ number: candidate, name: '' })
  return didYouMean(found.map((f) => (f.name ? f : { number: f.number })))
}

/**
 * A problem of the batch being compared. The problems are added to the
 * import's list when the batch is flushed, in the order they were found:
 * the comparison runs record by record without waiting on the database,
 * and a message that proposes a near number is finished then.
 */
export function report(ctx: PlanContext, at: Origin, column: string, message: string): void {
  ctx.reported.push({ file: at.file, line: at.line, column: at.label(column), message })
}

/** A problem whose message ends with a near number of `number`, if any (`near` is '' when none). */
export function reportNear(
  ctx: PlanContext,
  at: Origin,
  column: string,
  near: { kind: 'family' | 'child'; number: string },
  message: (near: string) => string,
): void {
  const used = proposals.get(ctx) ?? 0
  const looked = used < MAX_PROPOSALS
  if (looked) proposals.set(ctx, used + 1)
  ctx.reported.push({
    file: at.file,
    line: at.line,
    column: at.label(column),
    message,
    near: looked ? near : undefined,
  })
}

/** Adds the problems reported since the last call to the import's list, in their order. */
export async function addReported(ctx: PlanContext): Promise<void> {
  if (ctx.reported.length === 0) return
  const reported = ctx.reported.splice(0)
  for (const r of reported) {
    const message =
      typeof r.message === 'string'
        ? r.message
        : r.message(r.near ? await nearNumber(ctx, r.near.kind, r.near.number) : '')
    ctx.problems.add({ file: r.file, line: r.line, column: r.column, message })
  }
}

/**
 * The database rows a set speaks of are read a batch of keys at a time and
 * let go once compared: re-importing a city's export compares a million rows,
 * which held at once would take gigabytes. The items come one batch at a
 * time too (a spilled set reads them back from disk as it goes).
 */
export function* batches<T>(items: Iterable<T>, size = 5000): Generator<T[]> {
  let batch: T[] = []
  for (const item of items) {
    batch.push(item)
    if (batch.length === size) {
      yield batch
      batch = []
    }
  }
  if (batch.length > 0) yield batch
}
