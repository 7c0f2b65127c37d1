import { rmSync, statSync } from 'node:fs'
import { basename } from 'node:path'
import type { ExportResult, ExportScope, ImportReport } from '@shared/contract/csv'
import type { JobRunner } from '../jobs/types'
import { runExport } from './export/run'
import type { ExportForm } from './export/target'
import { runImport } from './import/run'
import { openSources } from './import/sources'
import { stagedPaths } from './staging'

// The long tasks of the Import / Export screen, run in a worker thread by
// the JobManager (registered in jobs/kinds.ts): the thread that answers the
// window stays free, and a cancel rolls the import's transaction back.

export interface ExportParams {
  scope: ExportScope
  path: string
  form: ExportForm
  overwrite: boolean
  /** Web mode: the staging folder id the browser downloads the .zip from. */
  downloadId?: string
}

export const exportJob: JobRunner<ExportParams, ExportResult> = async (ctx, params) => {
  const result = await runExport(ctx, params)
  if (!params.downloadId) return result
  return {
    ...result,
    path: null,
    download: { id: params.downloadId, name: basename(params.path), size: statSync(params.path).size },
  }
}

export interface ImportParams {
  importId: string
  dir: string
  mappings?: Record<string, (string | null)[]>
}

async function importFrom(ctx: Parameters<JobRunner>[0], params: ImportParams, write: boolean) {
  const { sources, problems } = await openSources(stagedPaths(params.dir))
  return runImport(ctx, {
    sources,
    sourceProblems: problems,
    mappings: params.mappings,
    write,
    id: params.importId,
  })
}

export const importPreviewJob: JobRunner<ImportParams, ImportReport> = (ctx, params) =>
  importFrom(ctx, params, false)

export const importRunJob: JobRunner<ImportParams, ImportReport> = async (ctx, params) => {
  const report = await importFrom(ctx, params, true)
  // Written: the files (health data among them) are no longer needed.
  if (report.written) rmSync(params.dir, { recursive: true, force: true })
  return report
}
