import { existsSync } from 'node:fs'
import { join } from 'node:path'
import { manualBackupName } from '../db/backup'
import { fileOf } from '../db/storage/file'
import { AppError } from '../errors'
import type { JobRunner } from './types'

/**
 * "Sauvegarder maintenant": a copy into the backups folder, safe while staff
 * keep working. One step (VACUUM INTO, see db/copy.ts): SQLite's stepwise
 * backup restarted on every write of the window and could never finish.
 */
export const backupJob: JobRunner<{ target?: string }, { path: string }> = async (ctx, params) => {
  const target = params.target ?? join(ctx.paths.backupsDir, manualBackupName(ctx.clock.now()))
  if (existsSync(target)) throw new AppError('VALIDATION', `Le fichier ${target} existe déjà.`)
  const file = fileOf(ctx.storage)
  ctx.progress({ phase: 'Copie de la base', done: 0, total: file.pageCount() })
  ctx.throwIfCancelled()
  const result = await file.copyTo(target)
  ctx.progress({ done: result.pages, total: result.pages })
  return { path: result.path }
}
