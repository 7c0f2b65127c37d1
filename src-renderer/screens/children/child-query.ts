import type { ChildFile } from '@shared/contract/children'
import { useQuery, useQueryClient } from '@tanstack/react-query'
import { api } from '../../api/client'

export const childKey = (id: number) => ['child', id] as const
export const checklistKey = (id: number) => ['checklist', id] as const

/** Opening a child's file (the back-end records each look at its health data). */
export function useChild(id: number) {
  return useQuery({ queryKey: childKey(id), queryFn: () => api.children.get({ id }) })
}

/**
 * Keeps the file a change answered with, and marks stale what depends on
 * it: the checklist, the history, the family's list of children, the
 * dashboard's counts.
 */
export function useChildUpdater(id: number) {
  const client = useQueryClient()
  return {
    saved(file: ChildFile) {
      client.setQueryData(childKey(id), file)
      for (const key of [
        checklistKey(id),
        ['audit'],
        ['family', file.familyId],
        ['completeness'],
        ['children'],
      ])
        void client.invalidateQueries({ queryKey: key })
    },
    reload: () => client.invalidateQueries({ queryKey: childKey(id) }),
  }
}
