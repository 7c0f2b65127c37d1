import type { FieldKeys, RecordKind, RecordMap, RecordOf } from './incoming'

/**
 * Where the records of a set being read wait until the import ends
 * (read-set.ts), on disk rather than in memory: storage.csvImport.records()
 * gives it, tables of the database's own connection on the embedded file,
 * of a private SQLite file of this computer's in server mode
 * (db/storage/sqlite/csv-import/spill.ts).
 */
export interface RecordStore {
  /** The map of one kind of record, as the set holds it. */
  map<K extends RecordKind>(kind: K, fields: () => FieldKeys): RecordMap<RecordOf<K>>
  /** Commits the writes so far: call once the set is read, before the import's transaction. */
  seal(): void
  /** Removes what was kept: call once the import is over (or has failed). */
  dispose(): void
}
