import { AsyncLocalStorage } from 'node:async_hooks'
import type { Database } from 'better-sqlite3-multiple-ciphers'
import { type Driver, SqliteDialect } from 'kysely'

/**
 * Marks the async work running inside inTransaction(). There is one SQLite
 * connection: a query sent through the root `db` (instead of `trx`) from
 * inside a transaction would wait forever for the connection the
 * transaction holds. The guarded driver turns that hang into an error.
 */
export const transactionScope = new AsyncLocalStorage<{ holding: boolean }>()

export class GuardedSqliteDialect extends SqliteDialect {
  createDriver(): Driver {
    const driver = super.createDriver()
    const acquire = driver.acquireConnection.bind(driver)
    driver.acquireConnection = () => {
      if (transactionScope.getStore()?.holding)
        throw new Error(
          'Query sent through the root db inside inTransaction(): use the trx given to the callback',
        )
      return acquire()
    }
    return driver
  }
}

/** The better-sqlite3 connection under each Kysely instance openDatabase() builds (see inTransaction). */
const connections = new WeakMap<object, Database>()
/** The native binding each connection was opened with (Electron's, in development), for the files it opens next. */
const bindings = new WeakMap<Database, string>()

/** The key each encrypted connection was opened with, for the copies it opens next (restore). */
const keys = new WeakMap<Database, Buffer>()

export function rememberConnection(
  db: object,
  sqlite: Database,
  nativeBinding?: string,
  key?: Buffer | null,
): void {
  connections.set(db, sqlite)
  if (nativeBinding) bindings.set(sqlite, nativeBinding)
  if (key) keys.set(sqlite, key)
}

/** After a re-key: the key `sqlite` now reads its database with. */
export function rememberKey(sqlite: Database, key: Buffer): void {
  keys.set(sqlite, key)
}

/** The key `sqlite` reads its database with, or null for a plain database. */
export function keyOf(sqlite: Database): Buffer | null {
  return keys.get(sqlite) ?? null
}

export function nativeBindingOf(sqlite: Database): string | undefined {
  return bindings.get(sqlite)
}

export function connectionOf(db: object): Database | undefined {
  return connections.get(db)
}
