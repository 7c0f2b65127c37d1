import { z } from '../zod'
import { channel } from './define'

export interface SystemInfo {
  version: string
  databasePath: string
  backupsDir: string
  logsDir: string | null
  schemaVersion: string
  /** True in the desktop app (file dialogs available), false in the web mode. */
  desktop: boolean
}

/** The last check of the database file (docs/architecture.md, "Stockage"). */
export interface StorageHealthView {
  ok: boolean
  /** False when the start-up check ran out of time before the last table (what it read was sound). */
  complete: boolean
  /** French lines, one per problem found. */
  problems: string[]
  checkedAt: string
  /** When the check failed: the newest sound copy in the backups folder, offered for a restore. */
  latestGoodBackup: { name: string; takenAt: string } | null
}

export const systemChannels = {
  'system/info': channel(z.object({}).strict()).returns<SystemInfo>(),
  /** Starts an online backup into the backups folder; follow it with jobs/status. */
  'system/backupNow': channel(z.object({}).strict(), { access: 'administrateur' }).returns<{
    jobId: string
  }>(),
  /** Whether the database file is sound; read by the window at start-up. */
  'system/storageHealth': channel(z.object({}).strict()).returns<StorageHealthView>(),
  /** Puts a copy of the backups folder (named, never a path) in place of a damaged database. */
  'system/restoreBackup': channel(
    z
      .object({
        name: z
          .string()
          .trim()
          .regex(/^[^/\\]+\.db$/, 'nom de fichier de sauvegarde attendu (….db)')
          .describe('Sauvegarde'),
      })
      .strict(),
    { access: 'administrateur' },
  ).returns<StorageHealthView & { keptDamaged: string }>(),
}
