import { randomUUID } from 'node:crypto'
import type { ImportReport } from '@shared/contract/csv'
import { dayInFrance } from '@shared/format/date'
import type { CsvProblem } from '../../csv/index'
import { inTransaction } from '../../db/transaction'
import { withFamilySearchPaused } from '../../search/maintenance'
import { canSeeHealth } from '../../settings/service'
import { saveMapping } from '../mapping/store'
import { MAPPING_TARGETS } from '../mapping/targets'
import { type RunContext, ticker } from '../run-context'
import { buildPlan, emptyCounts, type Plan } from './plan/index'
import { ImportProblems } from './problems'
import { type ReadResult, readFileSet } from './read-set'
import type { SourceFile } from './sources'
import { writePlan } from './write'

// An import from files to database. Every file is read and checked first,
// holding no lock; the comparison with the database runs in a read
// transaction (staff keep working meanwhile); then, only when no problem
// remains and staff asked to write, everything is written in ONE
// transaction. That transaction first checks that nobody wrote to the
// database since the comparison (PRAGMA data_version); if somebody did, the
// comparison is made again, and after a few such races it is made inside
// the write transaction itself. So what is written is exactly what was
// checked, and the write lock is held only for the writes.

export interface ImportRequest {
  sources: SourceFile[]
  /** Problems met finding the files (unreadable path, archive refused). */
  sourceProblems?: CsvProblem[]
  mappings?: Record<string, (string | null)[]>
  write: boolean
  /** Names the import in the audit entries. */
  id?: string
}

const OPTIMISTIC_ATTEMPTS = 3

interface Outcome {
  plan: Plan
  problems: ImportProblems
  written: boolean
  auditEntries: number
  lockMs: number
}

export async function runImport(ctx: RunContext, request: ImportRequest): Promise<ImportReport> {
  const read = await readAll(ctx, request)
  const now = ctx.clock.now()
  if (read.confirmedMappings.length > 0)
    await inTransaction(ctx.db, async () => {
      for (const m of read.confirmedMappings)
        saveMapping(ctx.sqlite, m.headers, m.targets, ctx.actor.staffId, now.toISOString())
    })
  const canWrite = request.write && read.problems.count === 0 && read.set.size > 0
  const outcome = canWrite
    ? await planAndWrite(ctx, read, now, noteOf(request))
    : { ...planOnly(ctx, read, now, read.problems), written: false, auditEntries: 0, lockMs: 0 }
  return {
    files: read.files,
    counts: outcome.plan.counts ?? emptyCounts(),
    problems: outcome.problems.list(),
    problemCount: outcome.problems.count,
    foreign: read.foreign,
    mappingTargets: MAPPING_TARGETS,
    canImport: outcome.problems.count === 0 && outcome.plan.size > 0,
    written: outcome.written,
    auditEntries: outcome.auditEntries,
    lockMs: outcome.lockMs,
  }
}

/**
 * How the audit log names the import: a short tag on each record's entry (a
 * million of them for a city's first import, so every byte counts), and one
 * entry of its own that says which files it read.
 */
function noteOf(request: ImportRequest): { note: string; summary: string } {
  const note = `Import CSV ${(request.id ?? randomUUID()).slice(0, 8)}`
  const names = request.sources.map((s) => s.name).join(', ')
  return { note, summary: `${note} : ${names}`.slice(0, 1000) }
}

async function readAll(ctx: RunContext, request: ImportRequest): Promise<ReadResult> {
  const healthAllowed = await canSeeHealth(ctx.db, ctx.actor)
  let bytes = 0
  ctx.progress({
    phase: 'Lecture des fichiers',
    done: 0,
    total: request.sources.reduce((sum, s) => sum + s.size * 2, 0),
  })
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
  return read
}

function compare(ctx: RunContext, read: ReadResult, now: Date, problems: ImportProblems): Plan {
  ctx.progress({ phase: 'Vérification', done: 0, total: read.set.size })
  // Staff's today, in France: a vaccination given this morning is not "in the future" at 00:30.
  const today = dayInFrance(now)
  return buildPlan({ set: read.set, sqlite: ctx.sqlite, problems, today, tick: ticker(ctx).tick })
}

/** The comparison alone, in a read transaction (a consistent view, no lock on writers). */
function planOnly(ctx: RunContext, read: ReadResult, now: Date, problems: ImportProblems) {
  return ctx.sqlite.transaction(() => ({ plan: compare(ctx, read, now, problems), problems })).deferred()
}

const INDEXED_TABLES = new Set(['families', 'guardians', 'children'])

/**
 * Whether to pause the search index triggers and rebuild the indexes once
 * (search/maintenance.ts): a trigger costs about fifteen times what a
 * rebuild costs per family (bench csv-import), so it pays once the import
 * writes family, guardian or child rows for more than a fifteenth of the
 * families.
 */
function rebuildsSearch(ctx: RunContext, plan: Plan): boolean {
  const indexed = [...plan.inserts, ...plan.updates].filter((op) =>
    INDEXED_TABLES.has(op.entity.table),
  ).length
  const families = ctx.sqlite.prepare('SELECT count(*) FROM families').pluck().get() as number
  return indexed * 15 > families + plan.counts.familles.added
}

/**
 * SQLite's page cache (2 MB by default) for the time of the write: a large
 * transaction that outgrows it writes pages out and reads them back again
 * and again, and the write lock is held that much longer.
 */
async function withLargeCache<T>(ctx: RunContext, work: () => Promise<T>): Promise<T> {
  const previous = ctx.sqlite.pragma('cache_size', { simple: true }) as number
  ctx.sqlite.pragma(`cache_size = -${WRITE_CACHE_KIB}`)
  try {
    return await work()
  } finally {
    ctx.sqlite.pragma(`cache_size = ${previous}`)
  }
}

export const WRITE_CACHE_KIB = 256 * 1024

const dataVersion = (ctx: RunContext) => ctx.sqlite.pragma('data_version', { simple: true }) as number

async function planAndWrite(
  ctx: RunContext,
  read: ReadResult,
  now: Date,
  naming: { note: string; summary: string },
): Promise<Outcome> {
  const stamp = { actor: ctx.actor, at: now.toISOString(), ...naming }
  const write = (plan: Plan) => {
    ctx.progress({ phase: 'Écriture', done: 0, total: plan.size })
    const work = () => writePlan(ctx.sqlite, plan, stamp, ticker(ctx).tick)
    const entries = rebuildsSearch(ctx, plan) ? withFamilySearchPaused(ctx.sqlite, work) : work()
    ctx.progress({ done: plan.size })
    return entries
  }
  for (let attempt = 1; ; attempt++) {
    const problems = new ImportProblems()
    for (const file of read.files) problems.register(file.name)
    const optimistic = attempt <= OPTIMISTIC_ATTEMPTS
    let plan: Plan | undefined
    let version = 0
    if (optimistic) {
      plan = ctx.sqlite
        .transaction(() => {
          version = dataVersion(ctx)
          return compare(ctx, read, now, problems)
        })
        .deferred()
      if (problems.count > 0 || plan.size === 0)
        return { plan, problems, written: false, auditEntries: 0, lockMs: 0 }
    }
    const started = performance.now()
    const entries = await withLargeCache(ctx, () =>
      inTransaction(ctx.db, async () => {
        if (optimistic) return dataVersion(ctx) === version ? write(plan!) : null
        plan = compare(ctx, read, now, problems)
        return problems.count > 0 || plan.size === 0 ? 0 : write(plan)
      }),
    )
    const lockMs = Math.round(performance.now() - started)
    if (entries === null) continue // somebody wrote in between: compare again
    return { plan: plan!, problems, written: entries > 0, auditEntries: entries, lockMs }
  }
}
