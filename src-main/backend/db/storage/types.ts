import type { DB } from '@db/schema'
import type { SearchPage } from '@shared/contract/search'
import type { Kysely } from 'kysely'
import type { Actor, Clock } from '../../context'
import type { AppError } from '../../errors'
import type { ExistingRecords } from '../../family-csv/import/existing'
import type { RecordStore } from '../../family-csv/import/record-store'
import type { WriteSql } from '../../family-csv/import/write-sql'
import type { IndexedList, PageRequest } from '../../search/page'
import type { CheckReport } from '../check'
import type { StorageHealth } from '../health'
import type { MigrationResult } from '../migrate'
import type { BackupFile, StorageHealthReport } from '../restore'

// The one storage layer (docs/architecture.md, « Le stockage »): services
// reach the database through `db` (kysely, SQL that both engines run) and the
// few named operations below, which each mode implements: the embedded
// SQLite file (./sqlite/) and a PostgreSQL server. Nothing outside
// src-main/backend/db/ imports a database driver (biome.jsonc).

export type StorageKind = 'sqlite' | 'postgres'

/** The long tasks of which only one may run at a time on a database, whatever the process. */
export type JobLockName = 'import' | 'retention' | 'demo'

export interface Storage {
  readonly kind: StorageKind
  /** The query builder every service uses. */
  readonly db: Kysely<DB>

  /**
   * One write transaction: committed whole or not at all. SQLite: BEGIN
   * IMMEDIATE, the lock wait bounded by busy_timeout. PostgreSQL: SERIALIZABLE,
   * run again on serialization failures and deadlocks; the body must have no
   * effect outside the database. Services call inTransaction(ctx.db, …),
   * which is this for the storage of `ctx.db`.
   */
  transaction<T>(work: (trx: Kysely<DB>) => Promise<T>): Promise<T>

  /**
   * Runs `work` holding the named lock, across processes and threads; refused
   * at once with a French AppError('BUSY') while another holder has it. The
   * lock goes with its holder: a process that dies leaves no stale lock.
   */
  withJobLock<T>(name: JobLockName, work: () => Promise<T>): Promise<T>

  /** Applied migration names, in order. */
  appliedMigrations(): Promise<string[]>
  /** The last applied migration's name ('' for an empty database). */
  schemaVersion(): Promise<string>

  /**
   * A storage fault in French (busy or timed out: « base occupée,
   * réessayez »; disk full, damaged…), or null for anything else (a bug).
   */
  errorOf(error: unknown): AppError | null

  /** Consistency check of the whole database (marelle check). */
  check(): Promise<CheckReport>

  /** The embedded file's own operations (copies, page checks, restore); null in server mode. */
  readonly file: FileStorage | null

  /** Search indexes (FTS5 on SQLite). */
  readonly search: SearchStorage

  /** What each engine keeps of deleted text, and how to make it forget (retention). */
  readonly erase: EraseStorage

  /**
   * The writer of imports and the demo, inside a transaction of this storage:
   * rows of a few tables by the hundred thousand, without building a kysely
   * query per row. Call flush() before reading those tables through kysely.
   */
  bulkWriter(trx: Kysely<DB>): BulkWriter

  /** The CSV import's parts that differ by engine (family-csv/import/run.ts). */
  readonly csvImport: CsvImportStorage

  /**
   * Runs `work` (a bulk write) with a page cache of `kib` for this connection
   * (SQLite: a bulk insert touches more index pages than the usual cache
   * holds, and each eviction writes the page again); a server manages its
   * memory itself and just runs `work`.
   */
  withWriteCache<T>(kib: number, work: () => Promise<T>): Promise<T>
}

export interface FileStorage {
  /** Pages of the database, for the progress of a copy. */
  pageCount(): number
  /** A checked copy of the live database at `target`, safe while others write (db/copy.ts). */
  copyTo(target: string): Promise<{ path: string; pages: number }>
  /** The day's automatic copy, checked in full first; null when today's copy exists (db/backup.ts). */
  dailyBackup(dir: string, now: Date, keep?: number): Promise<string | null>
  /** The last check of this connection (start-up, daily copy), or null. */
  lastHealth(): StorageHealth | null
  /** Keeps a check's result as this connection's last (a worker's finding, for the window). */
  rememberHealth(health: StorageHealth): StorageHealth
  /** The last check, and when it failed, the newest good copy (system/storageHealth). */
  healthReport(backupsDir: string, now: Date): StorageHealthReport
  /** The newest copy of `dir` that passes quick_check, or null. */
  latestGoodBackup(dir: string): BackupFile | null
  /** The cipher the file is encrypted with ('sqlcipher'…), or null for a plain file (docs/chiffrement.md). */
  cipher(): string | null
  /** Encrypts the file again with `newKey`; no other connection may be open (db/cipher.ts). */
  rekey(newKey: Buffer): void
  /** Applies the pending migrations, the file copied to `backupsDir` first when it holds data (db/migrate.ts; marelle migrate). */
  migrate(options: { backupsDir: string; now: Date }): MigrationResult
  /** Puts the copy named `name` of the backups folder back in place, audited (db/restore.ts). */
  restore(
    name: string,
    by: { actor: Actor; clock: Clock; paths: { databasePath: string; backupsDir: string } },
  ): Promise<StorageHealthReport & { keptDamaged: string }>
}

export interface SearchStorage {
  /** A page of the family or child list in name order, every word of the query matched as a prefix. */
  page<Raw, Row>(list: IndexedList<Raw, Row>, request: PageRequest): Promise<SearchPage<Row>>
  /** Takes these rows out of the indexes for good and compacts the indexes, inside `trx`. */
  forget(trx: Kysely<DB>, childIds: readonly number[], familyIds: readonly number[]): Promise<void>
  /**
   * Runs `work` (a bulk write inside `trx`) with the index triggers silenced,
   * then rebuilds the indexes once in the same transaction (a rollback undoes
   * the pause too). Where the triggers are cheap, just runs `work`.
   */
  rebuiltAfter<T>(trx: Kysely<DB>, work: () => Promise<T>): Promise<T>
}

export interface EraseStorage {
  /** Runs `work` so that the rows it deletes or overwrites leave nothing readable behind (SQLite: secure_delete). */
  securely<T>(work: () => Promise<T>): Promise<T>
  /** After the commit: rewrites the store from its live rows only. True when complete, false when others kept it from it. */
  compact(): Promise<boolean>
}

export interface CsvImportStorage {
  /**
   * Tables for the records read from the files until the import ends
   * (db/storage/sqlite/csv-import/spill.ts): on the file, its own connection's
   * (SQLite's temporary schema, an encrypted attached file for an encrypted
   * database); in server mode, a private SQLite file of this computer's
   * (db/scratch.ts) opened with this runtime's SQLite build. Outside any
   * transaction; dispose() removes them.
   */
  records(): RecordStore
  /** What the comparison reads of the database, through the transaction `trx` (the same connection on SQLite). */
  existing(trx: Kysely<DB>): ExistingRecords
  /** How the import's writer runs its statements, inside the transaction `trx`. */
  writeSql(trx: Kysely<DB>): WriteSql
}

export interface BulkWriter {
  /**
   * An insert of `columns` into `table`, in that order (the id is the
   * writer's). Tables are written in the order they are opened, so a row may
   * refer to rows of a table opened before its own, or already in the database.
   */
  table(name: string, columns: readonly string[]): BulkTable
  /**
   * Sends the rows still buffered, table by table in the order they were
   * opened (SQLite writes each row at once: nothing to do). Call it now and
   * then during a long write, to bound what a server's writer holds in memory.
   */
  flush(): Promise<void>
}

export interface BulkTable {
  /**
   * Makes the ids of the next `rows` inserts known beforehand: a server draws
   * them from the table's sequence in one round trip; SQLite, whose insert
   * gives its rowid, has nothing to do. Reserve exactly what will be
   * inserted: an id reserved and not used is a gap in the table's ids.
   */
  reserve(rows: number): Promise<void>
  /**
   * Adds one row (values in the order of the columns) and returns its id. On
   * a server the row waits for flush() and its id must have been reserved.
   */
  insert(values: readonly unknown[]): number
}
