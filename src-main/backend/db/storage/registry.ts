import type { DB } from '@db/schema'
import type { Kysely } from 'kysely'
import type { Storage } from './types'

// Which storage each query builder belongs to, for the code that holds only
// `db` (inTransaction(ctx.db, …), used by every service): each mode's opening
// (db/open.ts, db/postgres/open.ts) remembers it.

const storages = new WeakMap<object, Storage>()

export function rememberStorage(db: Kysely<DB>, storage: Storage): Storage {
  storages.set(db, storage)
  return storage
}

export function storageOf(db: Kysely<DB>): Storage | undefined {
  return storages.get(db)
}
