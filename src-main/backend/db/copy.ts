import { existsSync, mkdirSync, renameSync, rmSync } from 'node:fs'
import { basename, dirname, join } from 'node:path'
import type { Database } from 'better-sqlite3-multiple-ciphers'
import { AppError } from '../errors'
import { isEncryptedFile } from './cipher'

export interface CopyResult {
  path: string
  pages: number
}

/**
 * integrity_check of another database file, in French lines ([] when sound),
 * and its page count. The file is attached to `sqlite` so that it is read by
 * the same SQLite build (Electron's, in the desktop app).
 */
export function checkFile(
  sqlite: Database,
  path: string,
  pragma: 'integrity_check' | 'quick_check' = 'integrity_check',
): { problems: string[]; pages: number } {
  // Without KEY, an attached file is read with the connection's own key (none for a plain
  // database): the copies of an encrypted database are encrypted with it. A plain file is
  // read as plain whatever the connection.
  sqlite
    .prepare(isEncryptedFile(path) ? 'ATTACH DATABASE ? AS checked' : "ATTACH DATABASE ? AS checked KEY ''")
    .run(path)
  try {
    const rows = sqlite.pragma(`checked.${pragma}`) as Record<string, string>[]
    const problems = rows
      .map((r) => Object.values(r)[0])
      .filter((v) => v !== 'ok')
      .map((v) => `Intégrité : ${v}`)
    const pages = sqlite.pragma('checked.page_count', { simple: true }) as number
    return { problems, pages }
  } finally {
    sqlite.prepare('DETACH DATABASE checked').run()
  }
}

/**
 * Copies the live database to `target` in one step with VACUUM INTO: one
 * read transaction gives a consistent snapshot however much other
 * connections (the app, a worker, the command line) keep writing, where
 * SQLite's online backup API restarts on every write and may never end. The
 * copy is written beside the target, checked with integrity_check, and only
 * then renamed, so a file with the final name is always whole and sound.
 */
export function copyDatabase(sqlite: Database, target: string): CopyResult {
  if (existsSync(target))
    throw new AppError(
      'VALIDATION',
      `Le fichier ${target} existe déjà : choisissez un autre nom, rien n’a été écrasé.`,
    )
  mkdirSync(dirname(target), { recursive: true })
  const partial = join(dirname(target), `.${basename(target)}.partiel`)
  rmSync(partial, { force: true })
  try {
    sqlite.prepare('VACUUM INTO ?').run(partial)
    const { problems, pages } = checkFile(sqlite, partial)
    if (problems.length > 0)
      throw new AppError(
        'UNAVAILABLE',
        `La copie de la base n’est pas saine (${problems[0]}) : elle n’a pas été gardée. Lancez « marelle check » sur la base.`,
      )
    renameSync(partial, target)
    return { path: target, pages }
  } finally {
    rmSync(partial, { force: true })
  }
}
