import type { FamilyFile } from '@shared/contract/families'
import { useQuery, useQueryClient } from '@tanstack/react-query'
import { api } from '../../api/client'

export const familyKey = (id: number) => ['family', id] as const

export function useFamily(id: number) {
  return useQuery({ queryKey: familyKey(id), queryFn: () => api.families.get({ id }) })
}

/**
 * Keeps the file a save answered with (it is the new state, versions
 * included) and marks the lists and history that show it as stale.
 */
export function useFamilyUpdater(id: number) {
  const client = useQueryClient()
  return {
    saved(file: FamilyFile) {
      client.setQueryData(familyKey(id), file)
      void client.invalidateQueries({ queryKey: ['audit'] })
      void client.invalidateQueries({ queryKey: ['families', 'search'] })
    },
    reload: () => client.invalidateQueries({ queryKey: familyKey(id) }),
  }
}
