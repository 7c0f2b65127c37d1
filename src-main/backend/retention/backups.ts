import { rmSync } from 'node:fs'
import type { RetentionBackupFile } from '@shared/contract/retention'
import { listBackups } from '../db/restore'

// Copies in the backups folder hold the data as it was: a plan deletes those
// taken before its cut-off (docs/conservation.md, « Sauvegardes »). The copy
// taken just before a plan is applied is newer than any cut-off.

export const RETENTION_BACKUP_PREFIX = 'marelle-avant-conservation-'

/** Backups taken before `before` ('YYYY-MM-DD', France), oldest first. */
export function oldBackups(dir: string, before: string): RetentionBackupFile[] {
  return listBackups(dir)
    .filter((b) => b.takenAt.slice(0, 10) < before)
    .map((b) => ({ name: b.name, takenAt: b.takenAt }))
    .sort((a, b) => a.takenAt.localeCompare(b.takenAt) || a.name.localeCompare(b.name))
}

/** Deletes the named copies that are still there and still older than the cut-off. */
export function deleteBackups(dir: string, files: readonly RetentionBackupFile[], before: string): number {
  const current = new Map(
    listBackups(dir)
      .filter((b) => b.takenAt.slice(0, 10) < before)
      .map((b) => [b.name, b.path]),
  )
  let deleted = 0
  for (const file of files) {
    const path = current.get(file.name)
    if (!path) continue
    rmSync(path, { force: true })
    deleted++
  }
  return deleted
}

export function retentionBackupName(now: Date): string {
  return `${RETENTION_BACKUP_PREFIX}${now.toISOString().replace(/[:.]/g, '-')}.db`
}
