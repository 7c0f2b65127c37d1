import { migrations } from '@db/migrations/index'
import { resetIdentities } from '@db/postgres/baseline/index'
import { seedRows } from '@db/postgres/baseline/seeds'
import type { DB } from '@db/schema'
import type { Kysely } from 'kysely'
import { writeAudit } from '../audit/service'
import type { Actor, Clock } from '../context'
import type { OpenDatabase } from '../db/open'
import { migratePostgres } from '../db/postgres/migrate'
import type { OpenPostgres } from '../db/postgres/open'
import { AppError } from '../errors'
import { rebuildSearch } from './search'
import {
  countSourceRows,
  readSourceSchema,
  type SourceTable,
  sourceBatches,
  sourceSchemaVersion,
} from './source'
import {
  BatchInsert,
  countTargetRows,
  query,
  refuseNonEmpty,
  rowsPerInsert,
  setLater,
  targetColumns,
} from './target'

// `marelle --db marelle.db transfer --to postgres://…` (docs/architecture.md,
// « Transfert vers PostgreSQL »): every table of the file copied with its ids
// into an empty PostgreSQL database, in one transaction.

export interface TableCount {
  table: string
  source: number
  target: number
}

export interface TransferSummary {
  source: string
  target: string
  /** Migrations the transfer applied to the target first (an empty database gets the whole schema). */
  migrated: string[]
  /** Every table compared, the copied ones then the rebuilt search indexes. */
  tables: TableCount[]
  /** Tables copied from the file. */
  copied: number
  /** Search tables rebuilt on the server from the copied rows. */
  rebuilt: string[]
  /** Rows copied (the rebuilt search indexes not included). */
  rows: number
  durationMs: number
  rowsPerSecond: number
  ok: boolean
}

export interface TransferProgress {
  table(name: string, done: number, total: number): void
  step(message: string): void
}

export interface TransferInput {
  source: OpenDatabase
  /** The file's path, for the audit entry and the summary. */
  sourcePath: string
  target: OpenPostgres
  actor: Actor
  clock: Clock
  progress?: TransferProgress
}

/** Counts that differ: the transaction is rolled back and the summary says which. */
export class CountMismatch extends Error {
  constructor(readonly summary: TransferSummary) {
    super('counts differ')
  }
}

const quiet: TransferProgress = { table: () => {}, step: () => {} }
const PROGRESS_EVERY = 50_000

function refuseOtherVersion(source: OpenDatabase): void {
  const latest = migrations.at(-1)?.name ?? ''
  const version = sourceSchemaVersion(source.sqlite)
  if (version === latest) return
  throw new AppError(
    'VALIDATION',
    version === ''
      ? 'Le fichier source n’a pas de schéma Marelle : rien à transférer.'
      : version < latest
        ? `Le fichier source n’est pas à jour (schéma ${version}, cette version attend ${latest}) : mettez-le à jour d’abord avec « marelle --db FICHIER migrate », puis relancez le transfert.`
        : `Le fichier source a été mis à jour par une version plus récente de Marelle (${version}) : faites le transfert avec cette version-là.`,
  )
}

/** The rows a freshly migrated database holds per table (the catalogues the migrations ship). */
function seededCounts(): Map<string, number> {
  return new Map(seedRows(migrations).map((s) => [s.table, s.rows.length]))
}

/** Checks that both sides have the same columns for every copied table (they come from the same migrations). */
function columnsFor(tables: readonly SourceTable[], target: Map<string, Map<string, string>>): void {
  for (const table of tables) {
    const columns = target.get(table.name)
    const missing = columns ? table.columns.filter((c) => !columns.has(c)) : table.columns
    const extra = columns ? [...columns.keys()].filter((c) => !table.columns.includes(c)) : []
    if (missing.length > 0 || extra.length > 0)
      throw new AppError(
        'UNAVAILABLE',
        `La table « ${table.name} » n’a pas les mêmes colonnes dans le fichier et sur le serveur (${[...missing, ...extra].join(', ')}) : le transfert est impossible avec cette version, rien n’a été écrit.`,
      )
  }
}

/** Copies one table, its references to later rows of itself set once it is all in. */
async function copyTable(
  trx: Kysely<DB>,
  input: TransferInput,
  table: SourceTable,
  total: number,
  types: Map<string, string>,
  progress: TransferProgress,
): Promise<number> {
  const insert = new BatchInsert(table.name, table.columns)
  const later = table.selfReferences.map((column) => ({
    column,
    index: table.columns.indexOf(column),
    pairs: [] as [unknown, unknown][],
  }))
  const keyIndex = table.columns.indexOf(table.key[0])
  let done = 0
  let shown = 0
  // One batch on its way to the server while the next is read from the file.
  let sending: Promise<void> | null = null
  for (const batch of sourceBatches(input.source.sqlite, table, rowsPerInsert(table.columns.length))) {
    for (const deferred of later)
      for (const row of batch) {
        const value = row[deferred.index]
        if (value === null) continue
        deferred.pairs.push([row[keyIndex], value])
        row[deferred.index] = null
      }
    if (sending) await sending
    sending = insert.run(trx, batch)
    // Handled by the await above or below; this keeps a refusal that arrives meanwhile from being "unhandled".
    sending.catch(() => {})
    // Lets the statement be written to the socket before the next batch is read (synchronously).
    await new Promise((resolve) => setImmediate(resolve))
    done += batch.length
    if (done - shown >= PROGRESS_EVERY) {
      shown = done
      progress.table(table.name, done, total)
    }
  }
  if (sending) await sending
  for (const deferred of later) {
    if (table.key.length !== 1) throw new Error(`${table.name} refers to itself without a one-column key`)
    const key = table.key[0]
    await setLater(
      trx,
      table.name,
      key,
      types.get(key) ?? 'bigint',
      deferred.column,
      types.get(deferred.column) ?? 'bigint',
      deferred.pairs,
    )
  }
  if (shown !== done || done === 0) progress.table(table.name, done, total)
  return done
}

function failure(table: string, error: unknown): Error {
  if (error instanceof AppError || error instanceof CountMismatch) return error
  const detail = (error as { detail?: string }).detail
  const message = `${(error as Error).message}${detail ? ` (${detail})` : ''}`
  return new AppError(
    'UNAVAILABLE',
    `Transfert interrompu à la table « ${table} » : le serveur a refusé une ligne (${message}). La transaction est annulée : rien n’a été écrit sur le serveur.`,
  )
}

const OWNER_NEEDED =
  'Le transfert doit être lancé avec le rôle propriétaire de la base (celui de « migrate », marelle_owner dans db/postgres/roles.sql) : il suspend les déclencheurs des tables le temps de la copie. Rien n’a été écrit.'

/** Runs `work`, a refused privilege (42501) said as the role the transfer needs. */
async function ownerOnly<T>(work: () => Promise<T>): Promise<T> {
  try {
    return await work()
  } catch (error) {
    if ((error as { code?: string }).code === '42501') throw new AppError('FORBIDDEN', OWNER_NEEDED)
    throw error
  }
}

/**
 * Copies the SQLite file into the PostgreSQL database: refused unless the
 * file is at this version's schema and the target holds nothing but what its
 * migrations insert. The target is migrated first when it needs to be. Then,
 * in ONE transaction: the target's user triggers are suspended (the derived
 * rows are copied as they are, so that nothing is counted twice), every table
 * copied in batches with its ids, parents first, the search indexes rebuilt,
 * the identity sequences moved past the copied ids, and the counts compared
 * table by table: a difference rolls everything back (CountMismatch). The
 * transfer's audit entry is written last, in the same transaction.
 */
export async function transferDatabase(input: TransferInput): Promise<TransferSummary> {
  // One read transaction on the file: every table and count from the same state, even while a
  // desktop still writes to it (WAL: the writer goes on, this reader keeps its snapshot).
  const sqlite = input.source.sqlite
  sqlite.exec('BEGIN')
  try {
    return await transferSnapshot(input)
  } finally {
    if (sqlite.inTransaction) sqlite.exec('ROLLBACK')
  }
}

async function transferSnapshot(input: TransferInput): Promise<TransferSummary> {
  const progress = input.progress ?? quiet
  const started = performance.now()
  refuseOtherVersion(input.source)
  const schema = readSourceSchema(input.source.sqlite)
  const seeded = seededCounts()
  const db = input.target.db
  const hasSchema = (await query(db, "SELECT to_regclass('schema_migrations') IS NOT NULL AS present"))[0]
    ?.present
  // Checked before the migration too, so that a database in use is refused before anything is written.
  if (hasSchema) await refuseNonEmpty(db, seeded)
  const migrated = (await ownerOnly(() => migratePostgres(db))).applied
  if (migrated.length > 0) progress.step(`Schéma créé sur le serveur (${migrated.length} migrations).`)
  const types = await targetColumns(db)
  columnsFor(schema.copied, types)
  const copied = schema.copied.map((t) => t.name)
  const sourceCounts = countSourceRows(input.source.sqlite, [...copied, ...schema.rebuilt])

  const run = async (trx: Kysely<DB>): Promise<TransferSummary> => {
    const touched = [...copied, ...schema.rebuilt]
    await ownerOnly(async () => {
      for (const table of touched) await query(trx, `ALTER TABLE "${table}" DISABLE TRIGGER USER`)
    })
    // Again under the tables' locks: nobody wrote to them since.
    await refuseNonEmpty(trx, seeded)
    // The catalogues the migrations inserted make way for the file's (which may have been edited).
    for (const table of [...touched].reverse()) await query(trx, `DELETE FROM "${table}"`)
    let rows = 0
    for (const table of schema.copied) {
      try {
        rows += await copyTable(
          trx,
          input,
          table,
          sourceCounts.get(table.name) ?? 0,
          types.get(table.name) ?? new Map(),
          progress,
        )
      } catch (error) {
        throw failure(table.name, error)
      }
    }
    for (const table of touched) await query(trx, `ALTER TABLE "${table}" ENABLE TRIGGER USER`)
    progress.step('Reconstruction de la recherche…')
    await rebuildSearch(trx, schema.rebuilt)
    await resetIdentities({
      query: async (text, parameters) => ({ rows: await query(trx, text, parameters) }),
    })
    const targetCounts = await countTargetRows(trx, touched)
    const tables = touched.map((table) => ({
      table,
      source: sourceCounts.get(table) ?? 0,
      target: targetCounts.get(table) ?? 0,
    }))
    const durationMs = performance.now() - started
    const summary: TransferSummary = {
      source: input.sourcePath,
      target: input.target.target,
      migrated,
      tables,
      copied: copied.length,
      rebuilt: schema.rebuilt,
      rows,
      durationMs: Math.round(durationMs),
      rowsPerSecond: Math.round(rows / Math.max(durationMs / 1000, 0.001)),
      ok: tables.every((t) => t.source === t.target),
    }
    if (!summary.ok) throw new CountMismatch(summary)
    const count = (table: string) => sourceCounts.get(table) ?? 0
    await writeAudit(trx, input.actor, input.clock, {
      action: 'database.transfer',
      entityType: 'database',
      note: `Transfert depuis le fichier ${input.sourcePath} : ${rows} lignes en ${tables.length} tables (${count('families')} familles, ${count('children')} enfants, ${count('requests')} demandes, ${count('audit_log')} entrées du journal d’audit, ${count('staff')} comptes du personnel).`,
    })
    return summary
  }
  const summary = await db.transaction().execute(run)
  // The planner's statistics of the tables just filled: until autovacuum comes by, the server
  // guesses without them, and the first searches read every family (docs/architecture.md, « PostgreSQL »).
  progress.step('Statistiques du serveur…')
  try {
    await query(db, 'ANALYZE')
  } catch {
    // The copy is committed: a failure here must not report the transfer as failed.
    progress.step('Statistiques non calculées (le transfert est enregistré) : lancez ANALYZE sur la base.')
  }
  return summary
}
