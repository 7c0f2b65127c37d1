import type { systemChannels } from '@shared/contract/system'
import { appliedMigrations } from '../db/migrate'
import type { HandlersOf } from '../ipc/handler-types'

export const systemHandlers = {
  'system/info': async (ctx) => ({
    version: ctx.version,
    databasePath: ctx.paths.databasePath,
    backupsDir: ctx.paths.backupsDir,
    logsDir: ctx.paths.logsDir,
    schemaVersion: appliedMigrations(ctx.sqlite).at(-1) ?? '',
  }),
} satisfies HandlersOf<typeof systemChannels>
