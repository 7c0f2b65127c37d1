import type { systemChannels } from '@shared/contract/system'
import { fileOf } from '../db/storage/file'
import type { HandlersOf } from '../ipc/handler-types'
import { requireJobs } from '../jobs/handlers'

export const systemHandlers = {
  'system/info': async (ctx) => ({
    version: ctx.version,
    databasePath: ctx.paths.databasePath,
    backupsDir: ctx.paths.backupsDir,
    logsDir: ctx.paths.logsDir,
    schemaVersion: await ctx.storage.schemaVersion(),
    desktop: ctx.desktop !== undefined,
  }),
  'system/backupNow': async (ctx) => ({ jobId: requireJobs(ctx).start('db.backup', {}, ctx.actor).id }),
  'system/storageHealth': async (ctx) =>
    fileOf(ctx.storage).healthReport(ctx.paths.backupsDir, ctx.clock.now()),
  'system/restoreBackup': async (ctx, input) => fileOf(ctx.storage).restore(input.name, ctx),
} satisfies HandlersOf<typeof systemChannels>
