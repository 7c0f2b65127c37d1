import { useQuery, useQueryClient } from '@tanstack/react-query'
import { useRef } from 'react'
import { api } from '../api/client'
import { applyChanges } from './apply'

/** How often a visible window asks what the other desktops changed. */
export const CHANGES_POLL_MS = 3_000

/**
 * Asks the back-end what changed since the last audit entry seen, every few
 * seconds while the window is visible and at once when it comes back to the
 * front; held while the window is locked (its queries wait) and gone once
 * signed out (mounted under the session). docs/architecture.md.
 */
export function useChangesPolling(): void {
  const client = useQueryClient()
  const lastId = useRef<number | null>(null)
  useQuery({
    queryKey: ['changes'],
    queryFn: async () => {
      const answer = await api.changes.since({ afterId: lastId.current })
      lastId.current = answer.lastId
      applyChanges(client, answer)
      return answer.lastId
    },
    refetchInterval: CHANGES_POLL_MS,
    refetchIntervalInBackground: false,
    refetchOnWindowFocus: 'always',
    staleTime: 0,
    gcTime: 0,
  })
}
