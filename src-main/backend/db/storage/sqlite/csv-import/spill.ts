import type { Database, Statement } from 'better-sqlite3-multiple-ciphers'
import {
  type FieldKeys,
  IncomingChild,
  IncomingChildItem,
  IncomingFamily,
  IncomingGuardian,
  type IncomingRecord,
  type RecordKind,
  type RecordMap,
  type RecordOf,
  type RowSource,
} from '../../../../family-csv/import/incoming'
import type { RecordStore } from '../../../../family-csv/import/record-store'
import { openScratchDatabase } from '../../../scratch'
import { openScratch, type Scratch } from '../attached-scratch'

// The records of a set being read, kept in temporary tables of the import's
// own connection rather than in memory: a city's first import reads a
// million of them, and holding them took gigabytes (bench csv-import prints
// the peak). The comparison reads them back by key, or a page at a time.
// SQLite keeps temporary tables in a file of its own (TEMP_STORE=1), private
// to the connection, and the tables are dropped when the import ends. For an
// encrypted database the tables are in an encrypted file instead (openScratch);
// in server mode, in a private file of this computer's (spilledToPrivateFile).
// The import reaches them through storage.csvImport.records().

const PAGE = 5000

/** The tables' names, one per kind: csv_import_records_families… (in the scratch schema). */
export const SPILL_TABLE = 'csv_import_records'

/** A row of a `page` statement, as an array: seq, key, source, line, packed, extra. */
type PageRow = [seq: number, key: string, source: number, line: number, packed: string, extra: string]

interface Row {
  key: string
  source: number
  line: number
  packed: string
  extra: string
}

/** How each kind keeps the fields beside its values (its number, role, child…). */
interface Codec<T extends IncomingRecord> {
  extra(record: T): string
  make(source: RowSource, fields: FieldKeys, line: number, packed: string, extra: string): T
}

const CHILD_ITEM: Codec<IncomingChildItem> = {
  extra: (r) => r.child,
  make: (source, fields, line, packed, child) =>
    new IncomingChildItem(source, fields, line, { packed }, child),
}

const CODECS: { [K in RecordKind]: Codec<RecordOf<K>> } = {
  families: {
    extra: (r) => JSON.stringify([r.number, r.quotient ?? null]),
    make(source, fields, line, packed, extra) {
      const [number, quotient] = JSON.parse(extra)
      return new IncomingFamily(source, fields, line, { packed }, number, quotient ?? undefined)
    },
  },
  guardians: {
    extra: (r) => JSON.stringify([r.number, r.role]),
    make(source, fields, line, packed, extra) {
      const [number, role] = JSON.parse(extra)
      return new IncomingGuardian(source, fields, line, { packed }, number, role)
    },
  },
  children: {
    extra: (r) => JSON.stringify([r.identifier, r.number ?? null]),
    make(source, fields, line, packed, extra) {
      const [identifier, number] = JSON.parse(extra)
      return new IncomingChild(source, fields, line, { packed }, identifier, number ?? undefined)
    },
  },
  persons: CHILD_ITEM,
  vaccinations: CHILD_ITEM,
  health: CHILD_ITEM,
}

/** Writes to the table are grouped in transactions of this many (one each would cost a commit). */
const WRITES_PER_COMMIT = 20_000

type KindStatements = Record<'add' | 'replace' | 'get' | 'has' | 'page' | 'keys' | 'count', Statement>

const KINDS = Object.keys(CODECS) as RecordKind[]

export class SpilledRecords implements RecordStore {
  private writes = 0
  private readonly sources: RowSource[] = []
  private readonly sourceIndex = new Map<RowSource, number>()
  /** The statements of each kind's table. */
  readonly statements = new Map<RecordKind, KindStatements>()
  private readonly scratch: Scratch
  private readonly tables: string[] = []

  /**
   * `sqlite`: the database's own connection, or a private file's
   * (spilledToPrivateFile); `closed` runs after dispose() (that file removed).
   */
  constructor(
    private readonly sqlite: Database,
    private readonly closed?: () => void,
  ) {
    this.scratch = openScratch(sqlite)
    // One table per kind: its rowid keeps the order records were first set, so a page of one kind is a
    // range of rowids, and each row maintains one index (its key) rather than two.
    for (const kind of KINDS) {
      const table = `${this.scratch.schema}.${SPILL_TABLE}_${kind}`
      this.tables.push(table)
      sqlite.exec(`DROP TABLE IF EXISTS ${table}`)
      sqlite.exec(`CREATE TABLE ${table} (seq INTEGER PRIMARY KEY, key TEXT NOT NULL UNIQUE,
        source INTEGER NOT NULL, line INTEGER NOT NULL, packed TEXT NOT NULL, extra TEXT NOT NULL)`)
      const columns = 'key, source, line, packed, extra'
      this.statements.set(kind, {
        add: sqlite.prepare(
          `INSERT INTO ${table} (${columns}) VALUES (?, ?, ?, ?, ?) ON CONFLICT (key) DO NOTHING`,
        ),
        replace: sqlite.prepare(`UPDATE ${table} SET packed = ? WHERE key = ?`),
        get: sqlite.prepare(`SELECT ${columns} FROM ${table} WHERE key = ?`),
        has: sqlite.prepare(`SELECT 1 FROM ${table} WHERE key = ?`).pluck(),
        // Pages as arrays (PageRow), not objects: a city's import reads a million rows several times.
        page: sqlite
          .prepare(`SELECT seq, ${columns} FROM ${table} WHERE seq > ? ORDER BY seq LIMIT ${PAGE}`)
          .raw(),
        // The keys alone: the comparison gathers the numbers a set names before it reads the records.
        keys: sqlite.prepare(`SELECT seq, key FROM ${table} WHERE seq > ? ORDER BY seq LIMIT ${PAGE}`).raw(),
        count: sqlite.prepare(`SELECT count(*) FROM ${table}`).pluck(),
      })
    }
  }

  /** The map of one kind of record, as the set holds it. */
  map<K extends RecordKind>(kind: K, fields: () => FieldKeys): RecordMap<RecordOf<K>> {
    return new SpilledMap(this, this.statements.get(kind)!, CODECS[kind] as Codec<RecordOf<K>>, fields)
  }

  /**
   * Counts a write and groups writes in transactions: reading happens before
   * the import's own transaction, and only these temporary tables are written
   * (the main database is neither locked nor read by them).
   */
  wrote(): void {
    if (this.writes === 0 && !this.sqlite.inTransaction) this.sqlite.exec('BEGIN')
    if (++this.writes >= WRITES_PER_COMMIT) this.seal()
  }

  /** Commits the writes so far: call once the set is read, before the import's transaction. */
  seal(): void {
    if (this.writes > 0 && this.sqlite.inTransaction) this.sqlite.exec('COMMIT')
    this.writes = 0
  }

  /** Removes the tables: call once the import is over (or has failed). */
  dispose(): void {
    try {
      if (this.writes > 0 && this.sqlite.inTransaction) this.sqlite.exec('ROLLBACK')
      this.writes = 0
      for (const table of this.tables) this.sqlite.exec(`DROP TABLE IF EXISTS ${table}`)
      this.scratch.dispose()
    } finally {
      this.closed?.()
    }
  }

  sourceOf(index: number): RowSource {
    return this.sources[index]
  }

  indexOf(source: RowSource): number {
    let index = this.sourceIndex.get(source)
    if (index === undefined) {
      index = this.sources.push(source) - 1
      this.sourceIndex.set(source, index)
    }
    return index
  }

  /** The rows of one kind's `page` statement in the order they were first set, a page at a time (the connection stays free between pages). */
  *rows<R extends [seq: number, key: string, ...rest: unknown[]]>(page: Statement): IterableIterator<R> {
    for (let after = 0; ; ) {
      const rows = page.all(after) as R[]
      yield* rows
      if (rows.length < PAGE) return
      after = rows[rows.length - 1][0]
    }
  }
}

/**
 * The records of a set kept in a private SQLite file of this computer's,
 * when the database is a PostgreSQL server (db/scratch.ts): opened with this
 * runtime's SQLite build (`nativeBinding`, Electron's on the desktop),
 * removed by dispose().
 */
export function spilledToPrivateFile(nativeBinding?: string): SpilledRecords {
  const scratch = openScratchDatabase(nativeBinding)
  try {
    return new SpilledRecords(scratch.sqlite, () => scratch.dispose())
  } catch (error) {
    scratch.dispose()
    throw error
  }
}

class SpilledMap<T extends IncomingRecord> implements RecordMap<T> {
  /** The field keys of this kind: every record of it shares them. */
  private keysOfFields: FieldKeys | undefined

  constructor(
    private readonly store: SpilledRecords,
    private readonly statements: KindStatements,
    private readonly codec: Codec<T>,
    private readonly fields: () => FieldKeys,
  ) {}

  get size(): number {
    return this.statements.count.get() as number
  }

  private record(row: Row): T {
    return this.make(row.source, row.line, row.packed, row.extra)
  }

  private make(source: number, line: number, packed: string, extra: string): T {
    this.keysOfFields ??= this.fields()
    return this.codec.make(this.store.sourceOf(source), this.keysOfFields, line, packed, extra)
  }

  get(key: string): T | undefined {
    const row = this.statements.get.get(key) as Row | undefined
    return row ? this.record(row) : undefined
  }

  has(key: string): boolean {
    return this.statements.has.get(key) !== undefined
  }

  add(key: string, record: T): boolean {
    const { source, line, packed } = record
    const added = this.statements.add.run(
      key,
      this.store.indexOf(source),
      line,
      packed,
      this.codec.extra(record),
    )
    this.store.wrote()
    return added.changes === 1
  }

  /** Adds the record, or replaces the values of the one already under `key` (the same record, completed). */
  set(key: string, record: T): void {
    if (!this.add(key, record)) {
      this.statements.replace.run(record.packed, key)
      this.store.wrote()
    }
  }

  *entries(): IterableIterator<[string, T]> {
    for (const [, key, source, line, packed, extra] of this.store.rows<PageRow>(this.statements.page))
      yield [key, this.make(source, line, packed, extra)]
  }

  *keys(): IterableIterator<string> {
    for (const [, key] of this.store.rows<[number, string]>(this.statements.keys)) yield key
  }

  *values(): IterableIterator<T> {
    for (const [, , source, line, packed, extra] of this.store.rows<PageRow>(this.statements.page))
      yield this.make(source, line, packed, extra)
  }
}
