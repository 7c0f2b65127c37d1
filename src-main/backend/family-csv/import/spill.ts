import type { Database, Statement } from 'better-sqlite3-multiple-ciphers'
import { openScratch, type Scratch } from '../../encryption/scratch'
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
} from './incoming'

// The records of a set being read, kept in a temporary table of the import's
// own connection rather than in memory: a city's first import reads a
// million of them, and holding them took gigabytes (bench csv-import prints
// the peak). The comparison reads them back by key, or a page at a time.
// SQLite keeps temporary tables in a file of its own (TEMP_STORE=1), private
// to the connection, and the table is dropped when the import ends. For an
// encrypted database the table is in an encrypted file instead (openScratch).

const PAGE = 5000

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

export class SpilledRecords {
  private writes = 0
  private readonly sources: RowSource[] = []
  private readonly sourceIndex = new Map<RowSource, number>()
  readonly statements: Record<'add' | 'replace' | 'get' | 'has' | 'page' | 'count', Statement>
  private readonly scratch: Scratch
  private readonly table: string

  constructor(private readonly sqlite: Database) {
    this.scratch = openScratch(sqlite)
    const TABLE = `${this.scratch.schema}.csv_import_records`
    this.table = TABLE
    sqlite.exec(`DROP TABLE IF EXISTS ${TABLE}`)
    sqlite.exec(`CREATE TABLE ${TABLE} (
      seq INTEGER PRIMARY KEY, kind TEXT NOT NULL, key TEXT NOT NULL, source INTEGER NOT NULL,
      line INTEGER NOT NULL, packed TEXT NOT NULL, extra TEXT NOT NULL, UNIQUE (kind, key))`)
    // The pages of one kind in order: without this index each page scanned every row of the kind again
    // (a city's import read its vaccinations back in minutes instead of seconds).
    sqlite.exec(
      `CREATE INDEX ${this.scratch.schema}.csv_import_records_order ON csv_import_records (kind, seq)`,
    )
    const columns = 'key, source, line, packed, extra'
    this.statements = {
      add: sqlite.prepare(
        `INSERT INTO ${TABLE} (kind, key, source, line, packed, extra) VALUES (?, ?, ?, ?, ?, ?)
         ON CONFLICT (kind, key) DO NOTHING`,
      ),
      replace: sqlite.prepare(`UPDATE ${TABLE} SET packed = ? WHERE kind = ? AND key = ?`),
      get: sqlite.prepare(`SELECT ${columns} FROM ${TABLE} WHERE kind = ? AND key = ?`),
      has: sqlite.prepare(`SELECT 1 FROM ${TABLE} WHERE kind = ? AND key = ?`).pluck(),
      page: sqlite.prepare(
        `SELECT seq, ${columns} FROM ${TABLE} WHERE kind = ? AND seq > ? ORDER BY seq LIMIT ${PAGE}`,
      ),
      count: sqlite.prepare(`SELECT count(*) FROM ${TABLE} WHERE kind = ?`).pluck(),
    }
  }

  /** The map of one kind of record, as the set holds it. */
  map<K extends RecordKind>(kind: K, fields: () => FieldKeys): RecordMap<RecordOf<K>> {
    return new SpilledMap(this, kind, CODECS[kind] as Codec<RecordOf<K>>, fields)
  }

  /**
   * Counts a write and groups writes in transactions: reading happens before
   * the import's own transaction, and only this temporary table is written
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

  /** Removes the table: call once the import is over (or has failed). */
  dispose(): void {
    if (this.writes > 0 && this.sqlite.inTransaction) this.sqlite.exec('ROLLBACK')
    this.writes = 0
    this.sqlite.exec(`DROP TABLE IF EXISTS ${this.table}`)
    this.scratch.dispose()
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

  /** The rows of one kind in the order they were first set, a page at a time (the connection stays free between pages). */
  *rows(kind: string): IterableIterator<Row> {
    for (let after = 0; ; ) {
      const page = this.statements.page.all(kind, after) as (Row & { seq: number })[]
      yield* page
      if (page.length < PAGE) return
      after = page[page.length - 1].seq
    }
  }
}

class SpilledMap<T extends IncomingRecord> implements RecordMap<T> {
  /** The field keys of this kind: every record of it shares them. */
  private keysOfFields: FieldKeys | undefined

  constructor(
    private readonly store: SpilledRecords,
    private readonly kind: string,
    private readonly codec: Codec<T>,
    private readonly fields: () => FieldKeys,
  ) {}

  get size(): number {
    return this.store.statements.count.get(this.kind) as number
  }

  private record(row: Row): T {
    this.keysOfFields ??= this.fields()
    return this.codec.make(
      this.store.sourceOf(row.source),
      this.keysOfFields,
      row.line,
      row.packed,
      row.extra,
    )
  }

  get(key: string): T | undefined {
    const row = this.store.statements.get.get(this.kind, key) as Row | undefined
    return row ? this.record(row) : undefined
  }

  has(key: string): boolean {
    return this.store.statements.has.get(this.kind, key) !== undefined
  }

  /** Adds the record, or replaces the values of the one already under `key` (the same record, completed). */
  set(key: string, record: T): void {
    const { source, line, packed } = record
    const added = this.store.statements.add.run(
      this.kind,
      key,
      this.store.indexOf(source),
      line,
      packed,
      this.codec.extra(record),
    )
    if (added.changes === 0) this.store.statements.replace.run(packed, this.kind, key)
    this.store.wrote()
  }

  *entries(): IterableIterator<[string, T]> {
    for (const row of this.store.rows(this.kind)) yield [row.key, this.record(row)]
  }

  *keys(): IterableIterator<string> {
    for (const row of this.store.rows(this.kind)) yield row.key
  }

  *values(): IterableIterator<T> {
    for (const row of this.store.rows(this.kind)) yield this.record(row)
  }
}
