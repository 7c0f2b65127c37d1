import { randomUUID } from 'node:crypto'
import { existsSync, mkdirSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs'
import { basename, dirname, join } from 'node:path'
import type { Actor, AppPaths } from '../context'
import { AppError } from '../errors'

// Files on their way in (uploaded from the browser, or copied from the paths
// staff chose in the desktop dialog) and out (an export to download), in a
// folder of their own beside the database: the job worker reads them there,
// only their owner can reach them, and they are removed once used, or after
// a day at the latest (they may hold health data).

const MAX_AGE_MS = 24 * 3600_000
const OWNER = 'proprietaire.json'
export const STAGED_FILES = 'fichiers'

const root = (paths: AppPaths) => join(dirname(paths.databasePath), 'csv-en-cours')

function forgetOld(paths: AppPaths, now: number): void {
  if (!existsSync(root(paths))) return
  for (const name of readdirSync(root(paths))) {
    const dir = join(root(paths), name)
    if (now - statSync(dir).mtimeMs > MAX_AGE_MS) rmSync(dir, { recursive: true, force: true })
  }
}

/** A new folder owned by `actor`; returns its id. */
export function createStaging(paths: AppPaths, actor: Actor, now: Date): { id: string; dir: string } {
  forgetOld(paths, now.getTime())
  const id = randomUUID()
  const dir = join(root(paths), id)
  mkdirSync(join(dir, STAGED_FILES), { recursive: true })
  writeFileSync(join(dir, OWNER), JSON.stringify({ staffId: actor.staffId }))
  return { id, dir }
}

/** The folder of `id`, if `actor` owns it. */
export function stagingDir(paths: AppPaths, id: string, actor: Actor): string {
  const dir = join(root(paths), id)
  try {
    const owner = JSON.parse(readFileSync(join(dir, OWNER), 'utf8')) as { staffId: number | null }
    if (owner.staffId === actor.staffId) return dir
  } catch {
    // Unknown or removed: same answer.
  }
  throw new AppError('NOT_FOUND', 'Ces fichiers ne sont plus disponibles : choisissez-les de nouveau.')
}

/**
 * Removes every staged folder: at start-up no job runs and no window holds
 * an id any more, so whatever is left there (a crash, a preview never run)
 * is no longer needed (docs/chiffrement.md: the staged files are not encrypted).
 */
export function removeAllStaging(paths: AppPaths): void {
  rmSync(root(paths), { recursive: true, force: true })
}

export function removeStaging(paths: AppPaths, id: string, actor: Actor): void {
  rmSync(stagingDir(paths, id, actor), { recursive: true, force: true })
}

/** A file name as given by a browser: its last segment, which must be a CSV file or a .zip. */
export function stagedName(name: string): string {
  const base = basename(name.replaceAll('\\', '/'))
  if (!/^[^/\0]+\.(csv|txt|tsv|zip)$/i.test(base) || base.startsWith('.'))
    throw new AppError(
      'VALIDATION',
      `« ${base} » : seuls les fichiers .csv et les archives .zip sont acceptés.`,
    )
  return base
}

export function stagedPaths(dir: string): string[] {
  const files = join(dir, STAGED_FILES)
  return readdirSync(files)
    .sort()
    .map((name) => join(files, name))
}
