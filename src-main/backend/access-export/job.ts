import { statSync } from 'node:fs'
import { basename } from 'node:path'
import type { AccessExportResult } from '@shared/contract/access-export'
import type { JobRunner } from '../jobs/types'
import { runAccessExport } from './run'

// The access request's export as a job (registered in jobs/kinds.ts): the
// window follows its phases with jobs/status while the worker reads and lays
// out the family's data.

export interface AccessExportParams {
  familyId: number
  path: string
  overwrite: boolean
  /** Web mode: the staging folder id the browser downloads the .zip from. */
  downloadId?: string
}

export const accessExportJob: JobRunner<AccessExportParams, AccessExportResult> = async (ctx, params) => {
  const result = await runAccessExport(ctx, params)
  if (!params.downloadId) return { ...result, download: null }
  return {
    ...result,
    path: null,
    download: { id: params.downloadId, name: basename(params.path), size: statSync(params.path).size },
  }
}
