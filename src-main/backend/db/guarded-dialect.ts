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

export function rememberConnection(db: object, sqlite: Database, nativeBinding?: string): void {
  connections.set(db, sqlite)
  if (nativeBinding) bindings.set(sqlite, nativeBinding)
}

export function nativeBindingOf(sqlite: Database): string | undefined {
  return bindings.get(sqlite)
}

export function connectionOf(db: object): Database | undefined {
  return connections.get(db)
}
