import type { JobContext } from '../jobs/types'

/**
 * What an import or an export needs: the job's context in a worker thread,
 * or the command line's (which runs them inline and prints the phases).
 */
export type RunContext = Pick<
  JobContext,
  'db' | 'storage' | 'actor' | 'clock' | 'progress' | 'throwIfCancelled'
>

/** Calls `tick` work in batches: progress and cancellation every `every` calls. */
export function ticker(ctx: RunContext, every = 500): { tick(): void; done(): number } {
  let done = 0
  return {
    tick() {
      if (++done % every === 0) {
        ctx.progress({ done })
        ctx.throwIfCancelled()
      }
    },
    done: () => done,
  }
}
