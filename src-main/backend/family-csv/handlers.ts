import {
  appendFileSync,
  closeSync,
  copyFileSync,
  existsSync,
  openSync,
  readdirSync,
  readSync,
  rmSync,
  statSync,
} from 'node:fs'
import { basename, join } from 'node:path'
import { type csvChannels, DOWNLOAD_CHUNK_BYTES } from '@shared/contract/csv'
import { dayInFrance } from '@shared/format/date'
import type { StaffContext } from '../context'
import { ZIP_LIMITS } from '../csv/index'
import { AppError, forbidden } from '../errors'
import type { HandlersOf } from '../ipc/handler-types'
import { requireDesktop, requireJobs } from '../jobs/handlers'
import type { ExportParams, ImportParams } from './jobs'
import { createStaging, removeStaging, STAGED_FILES, stagedName, stagingDir } from './staging'

// The Import / Export screen's channels. Files come in from paths granted by
// the desktop dialogs or from browser uploads, always into a staging folder
// that the job reads; exports go to a granted path or, in the web mode, to
// a staging folder the browser downloads from.

function granted(ctx: StaffContext, path: string): string {
  if (!requireDesktop(ctx).consumeGrant(path))
    throw forbidden('Ce fichier n’a pas été choisi dans la fenêtre d’ouverture ou d’enregistrement.')
  return path
}

function exportName(ctx: StaffContext): string {
  return `familles-${dayInFrance(ctx.clock.now())}.zip`
}

function importJob(
  ctx: StaffContext,
  kind: string,
  input: { importId: string; mappings?: ImportParams['mappings'] },
) {
  const params: ImportParams = {
    importId: input.importId,
    dir: stagingDir(ctx.paths, input.importId, ctx.actor),
    mappings: input.mappings,
  }
  return { jobId: requireJobs(ctx).start(kind, params, ctx.actor).id }
}

export const csvHandlers = {
  'csv/exportStart': async (ctx, { scope, form, path }) => {
    const jobs = requireJobs(ctx)
    let params: ExportParams
    if (path) params = { scope, form, path: granted(ctx, path), overwrite: form === 'zip' }
    else {
      if (form === 'folder')
        throw new AppError(
          'VALIDATION',
          'Dans le navigateur, l’export se télécharge sous forme d’archive .zip.',
        )
      const staging = createStaging(ctx.paths, ctx.actor, ctx.clock.now())
      params = {
        scope,
        form,
        path: join(staging.dir, exportName(ctx)),
        overwrite: false,
        downloadId: staging.id,
      }
    }
    return { jobId: jobs.start('csv.export', params, ctx.actor).id }
  },
  'csv/downloadChunk': async (ctx, { id, offset }) => {
    const dir = stagingDir(ctx.paths, id, ctx.actor)
    const name = readdirSync(dir).find((n) => n.endsWith('.zip'))
    if (!name) throw new AppError('NOT_FOUND', 'L’export n’est pas encore prêt.')
    const path = join(dir, name)
    const size = statSync(path).size
    const buffer = Buffer.alloc(Math.max(0, Math.min(DOWNLOAD_CHUNK_BYTES, size - offset)))
    const fd = openSync(path, 'r')
    try {
      readSync(fd, buffer, 0, buffer.length, offset)
    } finally {
      closeSync(fd)
    }
    // The last chunk sent: the export (health data among it) leaves this desktop's disk at once.
    if (offset + buffer.length >= size) rmSync(dir, { recursive: true, force: true })
    return { name, size, base64: buffer.toString('base64') }
  },
  'csv/importOpen': async (ctx, { paths }) => {
    for (const path of paths) granted(ctx, path)
    const staging = createStaging(ctx.paths, ctx.actor, ctx.clock.now())
    const files = paths.map((path) => {
      const name = stagedName(path)
      const copy = join(staging.dir, STAGED_FILES, name)
      if (existsSync(copy))
        throw new AppError('VALIDATION', `Deux fichiers s’appellent « ${name} » : importez-les séparément.`)
      copyFileSync(path, copy)
      return name
    })
    return { importId: staging.id, files }
  },
  'csv/importCreate': async (ctx) => ({ importId: createStaging(ctx.paths, ctx.actor, ctx.clock.now()).id }),
  'csv/importUpload': async (ctx, { importId, name, offset, base64 }) => {
    const path = join(stagingDir(ctx.paths, importId, ctx.actor), STAGED_FILES, stagedName(name))
    const size = existsSync(path) ? statSync(path).size : 0
    if (offset !== size)
      throw new AppError(
        'VALIDATION',
        `« ${basename(path)} » : envoi interrompu, recommencez le choix des fichiers.`,
      )
    const bytes = Buffer.from(base64, 'base64')
    if (size + bytes.length > ZIP_LIMITS.archiveBytes)
      throw new AppError(
        'TOO_LARGE',
        `« ${basename(path)} » dépasse ${ZIP_LIMITS.archiveBytes / 1024 / 1024} Mo.`,
      )
    appendFileSync(path, bytes)
    return { size: size + bytes.length }
  },
  'csv/importPreview': async (ctx, input) => importJob(ctx, 'csv.import.preview', input),
  'csv/importRun': async (ctx, input) => importJob(ctx, 'csv.import.run', input),
  'csv/importDiscard': async (ctx, { importId }) => {
    removeStaging(ctx.paths, importId, ctx.actor)
    return null
  },
} satisfies HandlersOf<typeof csvChannels>
