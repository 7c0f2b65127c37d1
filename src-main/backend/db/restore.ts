import { copyFileSync, existsSync, readdirSync, statSync } from 'node:fs'
import { basename, dirname, join } from 'node:path'
import type { DB } from '@db/schema'
import BetterSqlite3, { type Database } from 'better-sqlite3-multiple-ciphers'
import type { Kysely } from 'kysely'
import { writeAudit } from '../audit/service'
import type { Actor, Clock } from '../context'
import { AppError } from '../errors'
import { isEncryptedFile } from './cipher'
import { checkFile } from './copy'
import { keyOf, nativeBindingOf } from './guarded-dialect'
import { lastHealth, quickCheck, rememberHealth, type StorageHealth } from './health'
import { migrate } from './migrate'
import { rebuildFrom } from './rebuild'
import { inTransaction } from './transaction'

// Putting a good backup back in place of a damaged database, from the
// administrator's screen or `marelle restore`. The damaged file is never
// deleted: it is kept beside the backups (marelle-endommagee-….db) for
// whoever wants to recover what was entered since the backup.

export interface BackupFile {
  /** File name in the backups folder. */
  name: string
  path: string
  /** When the copy was taken (the file's modification time), ISO. */
  takenAt: string
}

/** Every copy in the backups folder (automatic, manual, before a migration), newest first. */
export function listBackups(dir: string): BackupFile[] {
  if (!existsSync(dir)) return []
  return readdirSync(dir)
    .filter((f) => f.endsWith('.db') && !f.startsWith('.') && !f.includes('-endommagee-'))
    .map((name) => {
      const path = join(dir, name)
      return { name, path, takenAt: statSync(path).mtime.toISOString() }
    })
    .sort((a, b) => b.takenAt.localeCompare(a.takenAt) || b.name.localeCompare(a.name))
}

/** Whether a backup file is a sound Marelle database (quick_check, and a schema). */
function isGood(sqlite: Database, path: string): boolean {
  try {
    const { problems, pages } = checkFile(sqlite, path, 'quick_check')
    return problems.length === 0 && pages > 0
  } catch {
    return false
  }
}

/** The newest backup that passes quick_check, or null. */
export function latestGoodBackup(sqlite: Database, dir: string): BackupFile | null {
  for (const backup of listBackups(dir)) if (isGood(sqlite, backup.path)) return backup
  return null
}

function stamp(now: Date): string {
  return now.toISOString().replace(/[:.]/g, '-')
}

/**
 * Replaces the content of the open database with `backup`, the live
 * connection staying open: for a plain database through SQLite's backup API
 * run from the backup's side (the live connection sees the restored content
 * at its next statement); for an encrypted one by the live connection itself
 * (rebuild.ts), since the backup API's own connection cannot hold the key.
 * Then migrates it (the backup may predate the current schema) and checks it
 * again.
 */
export async function restoreBackup(
  sqlite: Database,
  databasePath: string,
  backup: BackupFile,
  now: Date = new Date(),
): Promise<{ keptDamaged: string; health: StorageHealth }> {
  if (sqlite.inTransaction)
    throw new AppError('BUSY', 'Une écriture est en cours : réessayez dans un instant.')
  const { problems } = checkFile(sqlite, backup.path, 'integrity_check')
  if (problems.length > 0)
    throw new AppError(
      'VALIDATION',
      `La sauvegarde ${backup.name} n’est pas saine (${problems[0]}) : elle n’a pas été restaurée.`,
    )
  const keptDamaged = join(
    dirname(backup.path),
    `${basename(databasePath, '.db')}-endommagee-${stamp(now)}.db`,
  )
  copyFileSync(databasePath, keptDamaged)
  if (existsSync(`${databasePath}-wal`)) copyFileSync(`${databasePath}-wal`, `${keptDamaged}-wal`)
  if (keyOf(sqlite)) rebuildFrom(sqlite, backup.path, !isEncryptedFile(backup.path))
  else {
    const source = new BetterSqlite3(backup.path, {
      readonly: true,
      fileMustExist: true,
      nativeBinding: nativeBindingOf(sqlite),
    })
    try {
      await source.backup(databasePath)
    } finally {
      source.close()
    }
  }
  migrate(sqlite)
  const health = rememberHealth(sqlite, quickCheck(sqlite, { budgetMs: Number.POSITIVE_INFINITY, now }))
  return { keptDamaged, health }
}

/** What the health channel answers: the last check, and the copy an administrator can restore. */
export interface StorageHealthReport extends StorageHealth {
  latestGoodBackup: { name: string; takenAt: string } | null
}

/** The last check of this connection (made at start-up), and when it failed, the newest good copy. */
export function storageHealthReport(sqlite: Database, backupsDir: string, now: Date): StorageHealthReport {
  const health = lastHealth(sqlite) ?? rememberHealth(sqlite, quickCheck(sqlite, { now }))
  const latest = health.ok ? null : latestGoodBackup(sqlite, backupsDir)
  return { ...health, latestGoodBackup: latest ? { name: latest.name, takenAt: latest.takenAt } : null }
}

/** Restores the copy named `name` of the backups folder (a name, never a path), and audits it. */
export async function restoreNamedBackup(
  ctx: {
    sqlite: Database
    db: Kysely<DB>
    clock: Clock
    paths: { databasePath: string; backupsDir: string }
    actor: Actor
  },
  name: string,
): Promise<StorageHealthReport & { keptDamaged: string }> {
  const backup = listBackups(ctx.paths.backupsDir).find((b) => b.name === name)
  if (!backup)
    throw new AppError('NOT_FOUND', `Sauvegarde « ${name} » introuvable dans ${ctx.paths.backupsDir}.`)
  const now = ctx.clock.now()
  const { keptDamaged, health } = await restoreBackup(ctx.sqlite, ctx.paths.databasePath, backup, now)
  // The account may be younger than the copy: then the entry names the person without the link.
  const known =
    ctx.actor.staffId !== null &&
    ctx.sqlite.prepare('SELECT 1 FROM staff WHERE id = ?').get(ctx.actor.staffId)
  const actor = known ? ctx.actor : { ...ctx.actor, staffId: null }
  await inTransaction(ctx.db, (trx) =>
    writeAudit(trx, actor, ctx.clock, {
      action: 'database.restore',
      entityType: 'database',
      note: `Base restaurée depuis ${backup.name} (copie du ${backup.takenAt}) ; la base endommagée est gardée dans ${keptDamaged}`,
    }),
  )
  return { ...health, latestGoodBackup: null, keptDamaged }
}
