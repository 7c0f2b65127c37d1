import type { QueryClient } from '@tanstack/react-query'

/**
 * What a decision (or any change made outside a file's own forms) touched: a
 * family and maybe one of its children. Every open view of them is marked
 * stale, in this window and in the other windows or tabs of the same
 * computer (BroadcastChannel), so that a person deleted through Demandes
 * leaves the child's file at once.
 */
export interface Touched {
  familyId: number | null
  childId: number | null
}

const CHANNEL = 'marelle-changes'

/** The query keys of the views showing a family or a child (see family-query.ts, child-query.ts). */
export function touchedKeys(touched: Touched | 'all'): (readonly unknown[])[] {
  const shared = [['audit'], ['completeness'], ['children'], ['families']]
  if (touched === 'all') return [['family'], ['child'], ['checklist'], ...shared]
  const keys: (readonly unknown[])[] = [...shared]
  if (touched.familyId !== null) keys.push(['family', touched.familyId])
  if (touched.childId !== null) keys.push(['child', touched.childId], ['checklist', touched.childId])
  return keys
}

function invalidate(client: QueryClient, touched: Touched | 'all'): Promise<unknown> {
  return Promise.all(touchedKeys(touched).map((queryKey) => client.invalidateQueries({ queryKey })))
}

let channel: BroadcastChannel | null = null
function broadcast(): BroadcastChannel | null {
  if (channel === null && typeof BroadcastChannel !== 'undefined') channel = new BroadcastChannel(CHANNEL)
  return channel
}

/** Marks stale here and tells the other windows. */
export function announceChange(client: QueryClient, touched: Touched | 'all'): Promise<unknown> {
  broadcast()?.postMessage(touched)
  return invalidate(client, touched)
}

/** Listens to the other windows' changes (once, at start). */
export function listenToChanges(client: QueryClient): () => void {
  const ch = broadcast()
  if (!ch) return () => {}
  const onMessage = (event: MessageEvent<Touched | 'all'>) => void invalidate(client, event.data)
  ch.addEventListener('message', onMessage)
  return () => ch.removeEventListener('message', onMessage)
}
