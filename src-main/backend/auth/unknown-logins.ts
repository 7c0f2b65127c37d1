import type { Database } from 'better-sqlite3'

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

const byDatabase = new WeakMap<Database, Map<string, AttemptState>>()

function tracked(sqlite: Database): Map<string, AttemptState> {
  let map = byDatabase.get(sqlite)
  if (!map) {
    map = new Map()
    byDatabase.set(sqlite, map)
  }
  return map
}

export function unknownLoginState(sqlite: Database, login: string): AttemptState {
  return tracked(sqlite).get(login) ?? { failedAttempts: 0, lockedUntil: null }
}

/** Counts one more failure; returns the state after it, as the staff table's UPDATE would. */
export function recordUnknownFailure(
  sqlite: Database,
  login: string,
  lockAfter: number,
  lockUntil: string,
): AttemptState {
  const map = tracked(sqlite)
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
