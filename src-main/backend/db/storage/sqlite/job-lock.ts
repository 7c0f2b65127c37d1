import BetterSqlite3 from 'better-sqlite3-multiple-ciphers'
import { AppError } from '../../../errors'
import type { JobLockName } from '../types'

// The job lock of the embedded mode: one small side file per lock name,
// beside the database (marelle.db.lock-import…), held with an exclusive
// SQLite lock by a connection of its own for as long as the job runs. SQLite
// locks the file through the operating system, so the lock holds between
// processes (a window, a worker thread, the command line) and goes away with
// a process that dies: a crash never leaves a stale lock behind. The file
// holds no data.

export const REFUSED: Record<JobLockName, string> = {
  import:
    'Un import est déjà en cours sur cette base (sur ce poste ou dans une autre fenêtre) : attendez qu’il se termine, puis recommencez. Rien n’a été enregistré.',
  retention:
    'Un plan de conservation est déjà en cours d’application sur cette base : attendez qu’il se termine, puis recommencez.',
  demo: 'Une génération de démonstration est déjà en cours sur cette base : attendez qu’elle se termine, puis recommencez.',
}

export const jobLockPath = (databasePath: string, name: JobLockName) => `${databasePath}.lock-${name}`

/** Holders of this process for in-memory databases, which have no file to lock. */
const inMemory = new Set<string>()

export async function withSqliteJobLock<T>(
  databasePath: string,
  nativeBinding: string | undefined,
  name: JobLockName,
  work: () => Promise<T>,
): Promise<T> {
  if (databasePath === ':memory:' || databasePath === '') {
    if (inMemory.has(name)) throw new AppError('BUSY', REFUSED[name])
    inMemory.add(name)
    try {
      return await work()
    } finally {
      inMemory.delete(name)
    }
  }
  const lock = new BetterSqlite3(jobLockPath(databasePath, name), { nativeBinding })
  try {
    lock.pragma('busy_timeout = 0')
    lock.exec('BEGIN EXCLUSIVE')
  } catch (error) {
    lock.close()
    if (String((error as { code?: unknown }).code ?? '').startsWith('SQLITE_BUSY'))
      throw new AppError('BUSY', REFUSED[name])
    throw error
  }
  try {
    return await work()
  } finally {
    lock.close()
  }
}
