import { z } from '../zod'
import { channel } from './define'

export interface SystemInfo {
  version: string
  databasePath: string
  backupsDir: string
  logsDir: string | null
  schemaVersion: string
}

export const systemChannels = {
  'system/info': channel(z.object({}).strict()).returns<SystemInfo>(),
}
