import type { StaffContext } from '../context'
import { cancelledError, type JobContext, type JobProgress } from './types'

/** Wraps a context with progress reporting (throttled) and a cancellation check. */
export function jobContext(
  base: StaffContext,
  report: (progress: JobProgress) => void,
  isCancelled: () => boolean,
  intervalMs = 100,
): JobContext & { flush(): void } {
  const current: JobProgress = { done: 0, total: null, phase: '' }
  let last = 0
  return {
    ...base,
    progress(update) {
      Object.assign(current, update)
      const now = Date.now()
      if (now - last >= intervalMs || update.phase !== undefined) {
        last = now
        report({ ...current })
      }
    },
    flush: () => report({ ...current }),
    cancelled: isCancelled,
    throwIfCancelled() {
      if (isCancelled()) throw cancelledError()
    },
  }
}
