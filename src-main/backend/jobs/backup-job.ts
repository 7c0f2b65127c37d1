import { existsSync, mkdirSync, renameSync, rmSync } from 'node:fs'
import { basename, dirname, join } from 'node:path'
import { manualBackupName } from '../db/backup'
import { AppError } from '../errors'
import type { JobRunner } from './types'

/**
 * "Sauvegarder maintenant": an online backup into the backups folder, with
 * progress, safe while staff keep working.
 */
export const backupJob: JobRunner<{ target?: string }, { path: string }> = async (ctx, params) => {
  const target = params.target ?? join(ctx.paths.backupsDir, manualBackupName(ctx.clock.now()))
  if (existsSync(target)) throw new AppError('VALIDATION', `Le fichier ${target} existe déjà.`)
  mkdirSync(dirname(target), { recursive: true })
  const partial = join(dirname(target), `.${basename(target)}.partiel`)
  ctx.progress({ phase: 'Copie de la base', done: 0, total: null })
  try {
    const result = await ctx.sqlite.backup(partial, {
      progress: ({ totalPages, remainingPages }) => {
        if (ctx.cancelled()) return 0
        ctx.progress({ done: totalPages - remainingPages, total: totalPages })
        return 200
      },
    })
    ctx.throwIfCancelled()
    ctx.progress({ done: result.totalPages, total: result.totalPages })
    renameSync(partial, target)
  } catch (error) {
    rmSync(partial, { force: true })
    throw error
  }
  return { path: target }
}
