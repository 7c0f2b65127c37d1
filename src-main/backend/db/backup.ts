import { existsSync, mkdirSync, readdirSync, rmSync, statSync } from 'node:fs'
import { join } from 'node:path'
import { dayInFrance } from '@shared/format/date'
import type { Database } from 'better-sqlite3-multiple-ciphers'
import { AppError } from '../errors'
import { encryptInPlace, isEncryptedFile } from './cipher'
import { copyDatabase } from './copy'
import { quickCheck, rememberHealth } from './health'

/**
 * A copy of the live database at `target`, safe while the application keeps
 * writing: one step, checked before it takes its name (see ./copy.ts).
 */
export async function backupTo(sqlite: Database, target: string): Promise<{ path: string; pages: number }> {
  return copyDatabase(sqlite, target)
}

const AUTO_PREFIX = 'sauvegarde-auto-'

const PARIS_TIME = new Intl.DateTimeFormat('fr-FR', {
  timeZone: 'Europe/Paris',
  year: 'numeric',
  month: '2-digit',
  day: '2-digit',
  hour: '2-digit',
  minute: '2-digit',
  second: '2-digit',
  hourCycle: 'h23',
})

/**
 * "Sauvegarder maintenant"'s file name, in the time staff read on the wall
 * clock in France (not UTC): sauvegarde-2026-12-01-19h43-05.db at 19:43:05.
 */
export function manualBackupName(now: Date): string {
  const part = Object.fromEntries(PARIS_TIME.formatToParts(now).map((p) => [p.type, p.value]))
  return `sauvegarde-${part.year}-${part.month}-${part.day}-${part.hour}h${part.minute}-${part.second}.db`
}

/**
 * Daily automatic copy at start-up, keeping the `keep` most recent ones.
 * Returns the new backup's path, or null when today's copy already exists.
 * The database is checked in full first (quick_check): a damaged one is not
 * copied and no older copy is removed, so a damaged file never replaces the
 * good backups (the refusal says so, in French; the health channel then
 * offers the administrator the latest good one).
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
  const health = rememberHealth(sqlite, quickCheck(sqlite, { budgetMs: Number.POSITIVE_INFINITY, now }))
  if (!health.ok)
    throw new AppError(
      'UNAVAILABLE',
      `La base est endommagée (${health.problems[0]}) : la sauvegarde du jour n’a pas été faite et les sauvegardes précédentes sont gardées.`,
    )
  await backupTo(sqlite, target)
  const autos = readdirSync(dir)
    .filter((f) => f.startsWith(AUTO_PREFIX) && f.endsWith('.db'))
    .sort((a, b) => statSync(join(dir, b)).mtimeMs - statSync(join(dir, a)).mtimeMs || b.localeCompare(a))
  for (const old of autos.slice(keep)) rmSync(join(dir, old), { force: true })
  return target
}

/**
 * Encrypts with `key` the plain copies left in the backups folder when a
 * plain database is encrypted (docs/chiffrement.md): the daily ones, the
 * manual ones, those from before a migration, the damaged ones kept by a
 * restore. A copy that does not pass its check stays as it is and is listed
 * in `failed`, for the administrator to delete.
 */
export function encryptPlainBackups(
  dir: string,
  key: Buffer,
  options: { nativeBinding?: string } = {},
): { encrypted: string[]; failed: string[] } {
  const encrypted: string[] = []
  const failed: string[] = []
  if (!existsSync(dir)) return { encrypted, failed }
  for (const name of readdirSync(dir).sort()) {
    const path = join(dir, name)
    if (!name.endsWith('.db') || name.startsWith('.') || isEncryptedFile(path)) continue
    try {
      encryptInPlace(path, key, options)
      encrypted.push(name)
    } catch {
      failed.push(name)
    }
  }
  return { encrypted, failed }
}
