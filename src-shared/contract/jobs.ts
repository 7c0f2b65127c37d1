import type { AppErrorPayload } from '../errors'
import { z } from '../zod'
import { channel } from './define'

/** A long task running off the UI thread; screens poll it for a progress bar. */
export interface JobView {
  id: string
  kind: string
  state: 'running' | 'done' | 'failed' | 'cancelled'
  progress: { done: number; total: number | null; phase: string }
  result?: unknown
  error?: AppErrorPayload
  startedAt: string
  finishedAt: string | null
}

const jobId = z.object({ id: z.string().uuid().describe('Opération') }).strict()

export const jobChannels = {
  'jobs/status': channel(jobId).returns<JobView>(),
  'jobs/cancel': channel(jobId).returns<JobView>(),
}
