import { randomUUID } from 'node:crypto'
import type { CsvProblem } from '../../csv/index'
import type { ImportReport } from '@shared/contract/csv'
import { inTransaction } from '../../db/transaction'
import { canSeeHealth } from '../../settings/service'
import { MAPPING_TARGETS } from '../mapping/targets'
import { saveMapping } from '../mapping/store'
import { type RunContext, ticker } from '../run-context'
import { buildPlan, emptyCounts, type Plan } from './plan/index'
import { readFileSet } from './read-set'
import type { SourceFile } from './sources'
import { writePlan } from './write'

// An import from files to database: read and check every file (no lock
// held), compare with the database and, only when no problem remains and
// staff asked to write, write everything in ONE transaction. The comparison
// runs inside that transaction, so what is written is exactly what was
// checked; the files are read before it, so the write lock is held for the
// comparison and the writes only.

export interface ImportRequest {
  sources: SourceFile[]
  /** Problems met finding the files (unreadable path, archive refused). */
  sourceProblems?: CsvProblem[]
  mappings?: Record<string, (string | null)[]>
  write: boolean
  /** Names the import in the audit entries. */
  id?: string
}

/** Thrown inside the transaction when the comparison finds a problem: rolls back, nothing written. */
class Rejected extends Error {}

export async function runImport(ctx: RunContext, request: ImportRequest): Promise<ImportReport> {
  const healthAllowed = await canSeeHealth(ctx.db, ctx.actor)
  const totalBytes = request.sources.reduce((sum, s) => sum + s.size * 2, 0)
  let bytes = 0
  ctx.progress({ phase: 'Lecture des fichiers', done: 0, total: totalBytes })
  const read = await readFileSet(request.sources, {
    sqlite: ctx.sqlite,
    mappings: request.mappings,
    healthAllowed,
    bytes(n) {
      bytes += n
      ctx.progress({ done: bytes })
    },
    throwIfCancelled: ctx.throwIfCancelled,
  })
  read.problems.addAll(request.sourceProblems ?? [])
  const now = ctx.clock.now()
  if (read.confirmedMappings.length > 0)
    await inTransaction(ctx.db, async () => {
      for (const m of read.confirmedMappings) saveMapping(ctx.sqlite, m.headers, m.targets, ctx.actor.staffId, now.toISOString())
    })
  const today = now.toISOString().slice(0, 10)
  const plan = (tick: () => void) =>
    buildPlan({ set: read.set, sqlite: ctx.sqlite, problems: read.problems, today, tick })
  const checking = () => {
    ctx.progress({ phase: 'Vérification', done: 0, total: read.set.size })
    return ticker(ctx).tick
  }

  let result: Plan | undefined
  let written = false
  let auditEntries = 0
  let lockMs = 0
  if (request.write && read.problems.count === 0 && read.set.size > 0) {
    const names = request.sources.map((s) => s.name).join(', ')
    const note = `Import CSV ${request.id ?? randomUUID()} (${names})`.slice(0, 500)
    const started = performance.now()
    try {
      await inTransaction(ctx.db, async () => {
        result = plan(checking())
        if (read.problems.count > 0) throw new Rejected()
        if (result.size === 0) return
        ctx.progress({ phase: 'Écriture', done: 0, total: result.size })
        auditEntries = writePlan(ctx.sqlite, result, { actor: ctx.actor, at: now.toISOString(), note }, ticker(ctx).tick)
        ctx.progress({ done: result.size })
        written = true
      })
    } catch (error) {
      if (!(error instanceof Rejected)) throw error
    }
    lockMs = Math.round(performance.now() - started)
  } else result = ctx.sqlite.transaction(() => plan(checking())).deferred()

  const problems = read.problems.list()
  return {
    files: read.files,
    counts: result?.counts ?? emptyCounts(),
    problems,
    problemCount: read.problems.count,
    foreign: read.foreign,
    mappingTargets: MAPPING_TARGETS,
    canImport: read.problems.count === 0 && (result?.size ?? 0) > 0,
    written,
    auditEntries,
    lockMs,
  }
}
