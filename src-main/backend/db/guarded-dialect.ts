import { AsyncLocalStorage } from 'node:async_hooks'
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
