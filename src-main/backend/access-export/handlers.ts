import { join } from 'node:path'
import type { accessExportChannels } from '@shared/contract/access-export'
import { forbidden } from '../errors'
import { createStaging } from '../family-csv/staging'
import type { HandlersOf } from '../ipc/handler-types'
import { requireDesktop, requireJobs } from '../jobs/handlers'
import type { AccessExportParams } from './job'
import { accessExportName, familyNumberOf, requireAccessExport } from './run'

// The family file's « Exporter toutes les données (RGPD) » button. Refused at
// once to a role without the health right; the job checks it again. In the
// web mode the .zip goes to a staging folder the browser downloads from
// (csv/downloadChunk), removed within a day like the CSV exports.

export const accessExportHandlers = {
  'access-export/start': async (ctx, { familyId, path }) => {
    const jobs = requireJobs(ctx)
    await requireAccessExport(ctx)
    const number = await familyNumberOf(ctx, familyId)
    let params: AccessExportParams
    if (path) {
      if (!requireDesktop(ctx).consumeGrant(path))
        throw forbidden('Ce fichier n’a pas été choisi dans la fenêtre d’enregistrement.')
      params = { familyId, path, overwrite: true }
    } else {
      const staging = createStaging(ctx.paths, ctx.actor, ctx.clock.now())
      params = {
        familyId,
        path: join(staging.dir, accessExportName(number, ctx.clock.now())),
        overwrite: false,
        downloadId: staging.id,
      }
    }
    return { jobId: jobs.start('access-export', params, ctx.actor).id }
  },
} satisfies HandlersOf<typeof accessExportChannels>
