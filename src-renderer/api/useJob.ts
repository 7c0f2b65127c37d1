import type { JobView } from '@shared/contract/jobs'
import { useQuery } from '@tanstack/react-query'
import { api } from './client'

/**
 * Follows a job running in the back-end's worker thread: its status is
 * polled while it runs (the window never waits on the work itself).
 */
export function useJob(jobId: string | null): JobView | undefined {
  const status = useQuery({
    queryKey: ['jobs', jobId],
    queryFn: () => api.jobs.status({ id: jobId! }),
    enabled: jobId !== null,
    refetchInterval: (query) => (query.state.data?.state === 'running' || !query.state.data ? 250 : false),
    staleTime: 0,
    gcTime: 0,
  })
  return status.data
}
