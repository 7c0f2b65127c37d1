import type { JobView } from '@shared/contract/jobs'
import { ApiError, api } from './client'

/**
 * Follows a long task started by a channel (an import, a backup) until it
 * ends: resolves with its result, rejects with its French error.
 */
export async function waitForJob<T>(
  id: string,
  onProgress?: (progress: JobView['progress']) => void,
  intervalMs = 250,
): Promise<T> {
  for (;;) {
    const status = await api.jobs.status({ id })
    onProgress?.(status.progress)
    if (status.state === 'done') return status.result as T
    if (status.state !== 'running')
      throw new ApiError(
        status.error ?? { code: 'INTERNAL', message: 'L’opération s’est arrêtée ; rien n’a été enregistré.' },
      )
    await new Promise((resolve) => setTimeout(resolve, intervalMs))
  }
}
