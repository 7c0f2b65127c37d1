import type { DB } from '@db/schema'
import type { Kysely } from 'kysely'

// Failed attempts on logins that do not exist, counted in memory like the
// staff table counts them for real accounts: an unknown login answers with
// the same growing delay and is "locked" after as many failures, so neither
// the timing nor the messages tell which logins exist (docs/comptes.md).

export interface AttemptState {
  failedAttempts: number
  lockedUntil: string | null
}

/** Enough for a sustained guessing attack; the oldest entries go first. */
const MAX_TRACKED = 10_000

const byDatabase = new WeakMap<Kysely<DB>, Map<string, AttemptState>>()

function tracked(db: Kysely<DB>): Map<string, AttemptState> {
  let map = byDatabase.get(db)
  if (!map) {
    map = new Map()
    byDatabase.set(db, map)
  }
  return map
}

export function unknownLoginState(db: Kysely<DB>, login: string): AttemptState {
  return tracked(db).get(login) ?? { failedAttempts: 0, lockedUntil: null }
}

/** Counts one more failure; returns the state after it, as the staff table's UPDATE would. */
export function recordUnknownFailure(
  db: Kysely<DB>,
  login: string,
  lockAfter: number,
  lockUntil: string,
): AttemptState {
  const map = tracked(db)
  const before = map.get(login) ?? { failedAttempts: 0, lockedUntil: null }
  const attempts = before.failedAttempts + 1
  const after =
    attempts >= lockAfter
      ? { failedAttempts: 0, lockedUntil: lockUntil }
      : { failedAttempts: attempts, lockedUntil: before.lockedUntil }
  map.delete(login)
  map.set(login, after)
  if (map.size > MAX_TRACKED) map.delete(map.keys().next().value as string)
  return after
}
