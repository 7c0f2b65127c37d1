import type { StorageHealth } from '../db/health'
import { fileOf } from '../db/storage/file'
import { AppError } from '../errors'
import type { JobRunner } from './types'

/**
 * The daily copy at start-up, in a worker thread: the full check and the copy
 * of a city's database take seconds (7 s of quick_check for 100,000
 * families), which the process serving the window must not spend. Answers
 * the check with the copy, so that a damage found here reaches the window
 * too (src-main/backend/db/daily.ts).
 */
export const dailyBackupJob: JobRunner<
  Record<string, never>,
  { path: string | null; health: StorageHealth | null }
> = async (ctx) => {
  ctx.progress({ phase: 'Vérification et copie de la base', done: 0, total: null })
  const file = fileOf(ctx.storage)
  try {
    const path = await file.dailyBackup(ctx.paths.backupsDir, ctx.clock.now())
    return { path, health: file.lastHealth() }
  } catch (error) {
    const health = file.lastHealth()
    if (error instanceof AppError && health && !health.ok) return { path: null, health }
    throw error
  }
}
