import { useSyncExternalStore } from 'react'

/** An open file changed on another desktop while its form had unsaved edits. */
export interface StaleMark {
  /** Who changed it, as the audit log names them; null when the whole database changed. */
  by: string | null
  at: string | null
  /** Date.now() when heard of: a file read after this is fresh again. */
  markedAt: number
}

const marks = new Map<string, StaleMark>()
const listeners = new Set<() => void>()
const notify = () => {
  for (const listener of listeners) listener()
}

export const fileMarkKey = (queryKey: readonly unknown[]) => JSON.stringify(queryKey)

/** Keeps the first change heard of until the file is read again (its banner says who began). */
export function markStale(key: string, by: string | null, at: string | null): void {
  if (marks.has(key)) return
  marks.set(key, { by, at, markedAt: Date.now() })
  notify()
}

export function clearStale(key: string): void {
  if (marks.delete(key)) notify()
}

export function staleKeys(): string[] {
  return [...marks.keys()]
}

function subscribe(listener: () => void) {
  listeners.add(listener)
  return () => {
    listeners.delete(listener)
  }
}

export function staleMark(key: string): StaleMark | undefined {
  return marks.get(key)
}

export function useStaleMark(key: string): StaleMark | undefined {
  return useSyncExternalStore(subscribe, () => staleMark(key))
}
