import { closeSync, openSync, writeSync } from 'node:fs'
import BetterSqlite3 from 'better-sqlite3-multiple-ciphers'

/** Overwrites the root page of `table` with garbage, as a failing disk would: the file still opens. */
export function damageTable(path: string, table: string): void {
  const sqlite = new BetterSqlite3(path)
  const root = sqlite
    .prepare('SELECT rootpage FROM sqlite_schema WHERE name = ?')
    .pluck()
    .get(table) as number
  const pageSize = sqlite.pragma('page_size', { simple: true }) as number
  sqlite.pragma('wal_checkpoint(TRUNCATE)')
  sqlite.close()
  const fd = openSync(path, 'r+')
  writeSync(fd, Buffer.alloc(pageSize, 0xa5), 0, pageSize, (root - 1) * pageSize)
  closeSync(fd)
}

/** The same, on a file that stays open by `sqlite` (checkpointed first by the caller). */
export function damagePageInPlace(path: string, table: string, sqlite: BetterSqlite3.Database): void {
  const root = sqlite
    .prepare('SELECT rootpage FROM sqlite_schema WHERE name = ?')
    .pluck()
    .get(table) as number
  const pageSize = sqlite.pragma('page_size', { simple: true }) as number
  const fd = openSync(path, 'r+')
  writeSync(fd, Buffer.alloc(pageSize, 0xa5), 0, pageSize, (root - 1) * pageSize)
  closeSync(fd)
}
