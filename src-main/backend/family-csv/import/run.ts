import { randomUUID } from 'node:crypto'
import type { DB } from '@db/schema'
import type { ImportReport } from '@shared/contract/csv'
import { dayInFrance } from '@shared/format/date'
import type { Kysely } from 'kysely'
import { refreshUnknownCoverage } from '../../completeness/coverage'
import type { CsvProblem } from '../../csv/index'
import { inTransaction } from '../../db/transaction'
import { afterImportedChildren, archivedFamilies } from '../../departure/service'
import { canSeeHealth } from '../../settings/service'
import { saveMapping } from '../mapping/store'
import { MAPPING_TARGETS } from '../mapping/targets'
import { type RunContext, ticker } from '../run-context'
import type { ExistingRecords } from './existing'
import type { IncomingSet } from './incoming'
import { buildPlan, emptyCounts, type Plan } from './plan/index'
import { ImportProblems } from './problems'
import { type ReadResult, readFileSet } from './read-set'
import type { SourceFile } from './sources'
import { PlanWriter } from './write'

// An import from files to database. Every file is read and checked first,
// holding no lock, into compact records (incoming.ts). A preview compares
// them with the database in a read transaction (staff keep working
// meanwhile). An import compares and writes them a batch at a time in ONE
// write transaction, rolled back if any problem is found: memory holds the
// records and one batch, whatever the size of the files (bench csv-import
// prints the peak), and what is written is exactly what was checked. Both
// engines run the same steps (docs/architecture.md, « Le stockage »): where
// the records read wait, the reads of existing.ts and the writes of
// write-sql.ts differ, nothing else (storage.csvImport);
// an import that writes holds the storage's 'import' job lock, so that a
// second one, from this computer or another, is refused at once.

export interface ImportRequest {
  sources: SourceFile[]
  /** Problems met finding the files (unreadable path, archive refused). */
  sourceProblems?: CsvProblem[]
  mappings?: Record<string, (string | null)[]>
  write: boolean
  /** Names the import in the audit entries. */
  id?: string
}

interface Outcome {
  plan: Plan
  problems: ImportProblems
  written: boolean
  auditEntries: number
  lockMs: number
}

export async function runImport(ctx: RunContext, request: ImportRequest): Promise<ImportReport> {
  const run = async () => {
    const read = await readAll(ctx, request)
    try {
      return await compareAndWrite(ctx, request, read)
    } finally {
      read.dispose()
    }
  }
  return request.write ? ctx.storage.withJobLock('import', run) : run()
}

async function compareAndWrite(
  ctx: RunContext,
  request: ImportRequest,
  read: ReadResult,
): Promise<ImportReport> {
  const now = ctx.clock.now()
  if (read.confirmedMappings.length > 0)
    await inTransaction(ctx.db, async (trx) => {
      for (const m of read.confirmedMappings)
        await saveMapping(trx, m.headers, m.targets, ctx.actor.staffId, now.toISOString())
    })
  const canWrite = request.write && read.problems.count === 0 && read.set.size > 0
  const outcome = canWrite
    ? await planAndWrite(ctx, read, now, noteOf(request))
    : { ...(await planOnly(ctx, read, now, read.problems)), written: false, auditEntries: 0, lockMs: 0 }
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

/**
 * Reads the files. The records go to scratch tables of an SQLite
 * connection (storage.csvImport.records()): the database's own on the
 * embedded file, a private file of this computer's (db/scratch.ts) when the
 * database is a server.
 */
async function readAll(ctx: RunContext, request: ImportRequest): Promise<ReadResult> {
  const healthAllowed = await canSeeHealth(ctx.db, ctx.actor)
  let bytes = 0
  ctx.progress({
    phase: 'Lecture des fichiers',
    done: 0,
    total: request.sources.reduce((sum, s) => sum + s.size * 2, 0),
  })
  const read = await readFileSet(request.sources, {
    records: ctx.storage.csvImport.records(),
    db: ctx.db,
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

/** What the comparison reads of the database, through the transaction `trx` (the same connection on SQLite). */
function existingIn(ctx: RunContext, trx: Kysely<DB>): ExistingRecords {
  return ctx.storage.csvImport.existing(trx)
}

function compare(
  ctx: RunContext,
  db: ExistingRecords,
  read: ReadResult,
  now: Date,
  problems: ImportProblems,
  flush?: (batch: Plan) => Promise<void>,
): Promise<Plan> {
  ctx.progress({ phase: 'Vérification', done: 0, total: read.set.size * 2 })
  // Staff's today, in France: a vaccination given this morning is not "in the future" at 00:30.
  const today = dayInFrance(now)
  return buildPlan({ set: read.set, db, problems, today, tick: ticker(ctx).tick, flush })
}

/**
 * The comparison alone, in a read transaction: a consistent view that takes
 * no lock on writers (SQLite: a deferred transaction, which WAL keeps at its
 * first read; PostgreSQL: a read-only REPEATABLE READ snapshot), as the
 * export reads (export/run.ts).
 */
async function planOnly(ctx: RunContext, read: ReadResult, now: Date, problems: ImportProblems) {
  return ctx.db
    .transaction()
    .setIsolationLevel('repeatable read')
    .setAccessMode('read only')
    .execute(async (trx) => ({
      plan: await compare(ctx, existingIn(ctx, trx), read, now, problems),
      problems,
    }))
}

/**
 * Whether to pause the search index triggers and rebuild the indexes once
 * (storage.search.rebuiltAfter): a trigger costs about fifteen times what a
 * rebuild costs per family (bench csv-import), so it pays once the files
 * hold family, guardian or child rows for more than a fifteenth of the
 * families.
 */
async function rebuildsSearch(ctx: RunContext, set: IncomingSet): Promise<boolean> {
  const indexed = set.families.size + set.guardians.size + set.children.size
  const { families } = await ctx.db
    .selectFrom('families')
    .select((eb) => eb.fn.countAll<number>().as('families'))
    .executeTakeFirstOrThrow()
  return indexed * 15 > Number(families) + set.families.size
}

/**
 * SQLite's page cache for the time of the write (storage.withWriteCache): a
 * large transaction that outgrows it writes pages out and reads them back
 * again and again, and the write lock is held that much longer.
 */
export const WRITE_CACHE_KIB = 64 * 1024

/** Thrown inside the write transaction to roll it back: a problem was found, or nothing changes. */
class NothingToWrite extends Error {}

/**
 * Compares and writes a batch at a time in ONE transaction (plan/model.ts):
 * memory holds the records read and one batch of operations, never the
 * whole plan. A problem found in a later batch rolls everything back, so
 * what is written is exactly what was checked, all or nothing. The staff
 * screen shows the preview first (planOnly, no lock), so such a problem only
 * arises when someone changed the database in between.
 */
async function planAndWrite(
  ctx: RunContext,
  read: ReadResult,
  now: Date,
  naming: { note: string; summary: string },
): Promise<Outcome> {
  const stamp = { actor: ctx.actor, at: now.toISOString(), ...naming }
  const problems = new ImportProblems()
  for (const file of read.files) problems.register(file.name)
  const search = await rebuildsSearch(ctx, read.set)
  let plan: Plan | undefined
  let entries = 0
  const started = performance.now()
  try {
    await ctx.storage.withWriteCache(WRITE_CACHE_KIB, () =>
      inTransaction(ctx.db, async (trx) => {
        const archivedBefore = await archivedFamilies(trx)
        const sql = ctx.storage.csvImport.writeSql(trx)
        const writer = new PlanWriter(sql, stamp, archivedBefore)
        const { tick } = ticker(ctx)
        const flush = async (batch: Plan) => {
          if (problems.count > 0) return // the transaction will be rolled back: write no more
          if (writer.entries === 0) {
            ctx.progress({ phase: 'Écriture' })
            writer.summary()
          }
          await writer.batch(batch, tick)
        }
        const work = async () => {
          plan = await compare(ctx, existingIn(ctx, trx), read, now, problems, flush)
        }
        if (search) await ctx.storage.search.rebuiltAfter(trx, work)
        else await work()
        if (problems.count > 0 || plan!.size === 0) throw new NothingToWrite()
        // The children written without the services: their completeness, computed once here.
        await refreshUnknownCoverage(trx)
        // Their departures: enrolments ended, families' archived state audited (departure/service.ts).
        await afterImportedChildren(trx, ctx, writer.children, archivedBefore)
        ctx.progress({ done: read.set.size * 2 })
        entries = writer.entries
      }),
    )
  } catch (error) {
    if (!(error instanceof NothingToWrite)) throw error
    entries = 0
  }
  const lockMs = Math.round(performance.now() - started)
  return { plan: plan!, problems, written: entries > 0, auditEntries: entries, lockMs }
}
