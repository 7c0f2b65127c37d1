import type { systemChannels } from '@shared/contract/system'
import { appliedMigrations } from '../db/migrate'
import { restoreNamedBackup, storageHealthReport } from '../db/restore'
import type { HandlersOf } from '../ipc/handler-types'
import { requireJobs } from '../jobs/handlers'

export const systemHandlers = {
  'system/info': async (ctx) => ({
    version: ctx.version,
    databasePath: ctx.paths.databasePath,
    backupsDir: ctx.paths.backupsDir,
    logsDir: ctx.paths.logsDir,
    schemaVersion: appliedMigrations(ctx.sqlite).at(-1) ?? '',
    desktop: ctx.desktop !== undefined,
  }),
  'system/backupNow': async (ctx) => ({ jobId: requireJobs(ctx).start('db.backup', {}, ctx.actor).id }),
  'system/storageHealth': async (ctx) =>
    storageHealthReport(ctx.sqlite, ctx.paths.backupsDir, ctx.clock.now()),
  'system/restoreBackup': async (ctx, input) => restoreNamedBackup(ctx, input.name),
} satisfies HandlersOf<typeof systemChannels>
