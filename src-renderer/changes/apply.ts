import type { ChangedRecord, ChangeEntry, ChangesSince } from '@shared/contract/changes'
import type { ChildFile } from '@shared/contract/children'
import type { FamilyFile } from '@shared/contract/families'
import type { RequestReview } from '@shared/contract/requests'
import type { QueryClient, QueryKey } from '@tanstack/react-query'
import { checklistKey, childKey } from '../screens/children/child-query'
import { familyKey } from '../screens/families/family-query'
import { COUNTS_KEY, PAGES_KEY, reviewKey } from '../screens/requests/keys'
import { clearStale, fileMarkKey, markStale, staleKeys } from './stale-files'
import { hasUnsavedEdits } from './unsaved-edits'

// What this window does with the changes heard from the other desktops
// (docs/architecture.md, « Les autres postes voient les changements »).

/** The lists that show families and children: marked stale by any change of one. */
const LISTS: QueryKey[] = [['families'], ['children'], ['audit'], ['completeness']]
/** Never reloaded by a change: the sign-in state and this poll itself. */
const KEPT = new Set(['auth', 'changes'])

/** The version this window holds of a record, if it holds it. */
function heldVersion(client: QueryClient, record: ChangedRecord, entry: ChangeEntry): number | null {
  const family = (id: number | null) =>
    id === null ? undefined : client.getQueryData<FamilyFile>(familyKey(id))
  const child = (id: number | null) =>
    id === null ? undefined : client.getQueryData<ChildFile>(childKey(id))
  switch (record.type) {
    case 'family':
      return family(record.id)?.version ?? null
    case 'guardian': {
      const file = family(entry.familyId)
      return [file?.responsable, file?.conjoint].find((g) => g?.id === record.id)?.version ?? null
    }
    // A quotient is never changed once added: held is shown.
    case 'family_quotient':
      return family(entry.familyId)?.quotients.some((q) => q.id === record.id) ? (record.version ?? 0) : null
    case 'child':
      return child(record.id)?.version ?? null
    case 'authorized_person':
      return child(entry.childId)?.authorizedPersons.find((p) => p.id === record.id)?.version ?? null
    case 'request':
      return client.getQueryData<RequestReview>(reviewKey(record.id))?.version ?? null
  }
}

/** A change this window already shows: its own save, whose answer it keeps. */
function alreadyShown(client: QueryClient, entry: ChangeEntry): boolean {
  const { record } = entry
  if (record === null || (record.version === null && record.type !== 'family_quotient')) return false
  const held = heldVersion(client, record, entry)
  return held !== null && held >= (record.version ?? 0)
}

const isOpen = (client: QueryClient, queryKey: QueryKey) =>
  (client.getQueryCache().find({ queryKey, exact: true })?.getObserversCount() ?? 0) > 0

const isFileKey = (queryKey: QueryKey) => queryKey[0] === 'family' || queryKey[0] === 'child'

/** Reads an open file again, unless a form on screen has unsaved edits: then its banner says so. */
function refreshFile(client: QueryClient, queryKey: QueryKey, by: string | null, at: string | null): void {
  if (isFileKey(queryKey) && isOpen(client, queryKey) && hasUnsavedEdits())
    markStale(fileMarkKey(queryKey), by, at)
  else void client.invalidateQueries({ queryKey, exact: true })
}

function refreshEverything(client: QueryClient): void {
  const underEdits = (queryKey: QueryKey) =>
    isFileKey(queryKey) && isOpen(client, queryKey) && hasUnsavedEdits()
  for (const query of client.getQueryCache().getAll())
    if (underEdits(query.queryKey)) markStale(fileMarkKey(query.queryKey), null, null)
  void client.invalidateQueries({
    predicate: (query) => !KEPT.has(String(query.queryKey[0])) && !underEdits(query.queryKey),
  })
}

/** Files marked while a form had edits, once no form has any: read again. */
function settleMarks(client: QueryClient): void {
  if (hasUnsavedEdits()) return
  for (const key of staleKeys()) {
    clearStale(key)
    void client.invalidateQueries({ queryKey: JSON.parse(key) as QueryKey, exact: true })
  }
}

/** Marks stale, or reads again, every view of what another desktop changed. */
export function applyChanges(client: QueryClient, answer: ChangesSince): void {
  settleMarks(client)
  if (answer.refreshAll) {
    refreshEverything(client)
    return
  }
  // The first change of each view not yet shown: the banner names who began.
  const views = new Map<string, { queryKey: QueryKey; entry: ChangeEntry }>()
  const note = (queryKey: QueryKey, entry: ChangeEntry) => {
    const key = fileMarkKey(queryKey)
    if (!views.has(key)) views.set(key, { queryKey, entry })
  }
  let requests = false
  let records = false
  for (const entry of answer.changes) {
    if (alreadyShown(client, entry)) continue
    if (entry.familyId !== null) note(familyKey(entry.familyId), entry)
    if (entry.childId !== null) {
      note(childKey(entry.childId), entry)
      note(checklistKey(entry.childId), entry)
    }
    if (entry.requestId !== null) note(reviewKey(entry.requestId), entry)
    // An import of the portal's requests is one entry, of no single request.
    if (entry.requestId !== null || entry.kind === 'request') requests = true
    if (entry.familyId !== null || entry.childId !== null) records = true
  }
  for (const { queryKey, entry } of views.values()) refreshFile(client, queryKey, entry.by, entry.at)
  if (requests) for (const queryKey of [PAGES_KEY, COUNTS_KEY]) void client.invalidateQueries({ queryKey })
  if (records) for (const queryKey of LISTS) void client.invalidateQueries({ queryKey })
}
