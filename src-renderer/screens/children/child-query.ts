import type { ChildFile } from '@shared/contract/children'
import type { RecordView } from '@shared/contract/records'
import { useQuery, useQueryClient } from '@tanstack/react-query'
import { type Api, api } from '../../api/client'

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

type ChildListDomain = 'authorizedPersons' | 'vaccinations' | 'healthConditions'

/** Add, change and delete one of the child's lists, keeping the file each change answers with. */
export function useChildList(child: ChildFile, domain: ChildListDomain) {
  const { saved, reload } = useChildUpdater(child.id)
  // The three lists take the same inputs; their values are checked against each list's fields by the contract.
  const calls = api[domain] as Api['vaccinations']
  return {
    add: async (values: Record<string, unknown>) => saved(await calls.add({ childId: child.id, values })),
    update: async (record: RecordView, patch: Record<string, unknown>) =>
      saved(await calls.update({ id: record.id, version: record.version, patch })),
    remove: async (record: RecordView) =>
      saved(await calls.delete({ id: record.id, version: record.version })),
    onReload: reload,
  }
}
