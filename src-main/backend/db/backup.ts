import { existsSync, mkdirSync, readdirSync, renameSync, rmSync, statSync } from 'node:fs'
import { basename, dirname, join } from 'node:path'
import { dayInFrance } from '@shared/format/date'
import type { Database } from 'better-sqlite3'

/**
 * Copies the live database with SQLite's online backup API: safe while the
 * application keeps writing. The copy is written beside the target and
 * renamed at the end, so a half-written backup never carries the final name.
 */
export async function backupTo(sqlite: Database, target: string): Promise<{ path: string; pages: number }> {
  if (existsSync(target)) throw new Error(`exists: ${target}`)
  mkdirSync(dirname(target), { recursive: true })
  const partial = join(dirname(target), `.${basename(target)}.partiel`)
  rmSync(partial, { force: true })
  try {
    const result = await sqlite.backup(partial)
    renameSync(partial, target)
    return { path: target, pages: result.totalPages }
  } catch (error) {
    rmSync(partial, { force: true })
    throw error
  }
}

const AUTO_PREFIX = 'sauvegarde-auto-'

/**
 * Daily automatic copy at start-up, keeping the `keep` most recent ones.
 * Returns the new backup's path, or null when today's copy already exists.
 */
export async function dailyBackup(
  sqlite: Database,
  dir: string,
  now: Date,
  keep = 14,
): Promise<string | null> {
  mkdirSync(dir, { recursive: true })
  const day = dayInFrance(now)
  const target = join(dir, `${AUTO_PREFIX}${day}.db`)
  if (existsSync(target)) return null
  await backupTo(sqlite, target)
  const autos = readdirSync(dir)
    .filter((f) => f.startsWith(AUTO_PREFIX) && f.endsWith('.db'))
    .sort((a, b) => statSync(join(dir, b)).mtimeMs - statSync(join(dir, a)).mtimeMs || b.localeCompare(a))
  for (const old of autos.slice(keep)) rmSync(join(dir, old), { force: true })
  return target
}
