import type { JobRunner } from '../jobs/types'
import { type ImportResult, importRequests } from './intake'

/**
 * The portal file's import, in a worker thread: 50,000 lines take a few
 * seconds, which the thread answering the UI must not spend.
 */
export const requestsImportJob: JobRunner<{ text: string; fileName: string | null }, ImportResult> = (
  ctx,
  params,
) => importRequests(ctx, params.text, params.fileName, (phase) => ctx.progress({ phase }))
