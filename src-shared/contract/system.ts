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

export const systemChannels = {
  'system/info': channel(z.object({}).strict()).returns<SystemInfo>(),
  /** Starts an online backup into the backups folder; follow it with jobs/status. */
  'system/backupNow': channel(z.object({}).strict(), { access: 'administrateur' }).returns<{
    jobId: string
  }>(),
}
