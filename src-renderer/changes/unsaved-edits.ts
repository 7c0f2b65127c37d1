import { useEffect } from 'react'

// The forms on screen that hold edits not yet saved: a change made on
// another desktop does not reload a file under them (docs/architecture.md).

const dirty = new Set<symbol>()

/** True while some form on screen has unsaved edits. */
export function hasUnsavedEdits(): boolean {
  return dirty.size > 0
}

/** Counts one form as holding unsaved edits until the returned function is called. */
export function holdUnsavedEdits(): () => void {
  const token = Symbol('form')
  dirty.add(token)
  return () => {
    dirty.delete(token)
  }
}

/** Called by a form with its "modified" state; forgotten when the form goes. */
export function useUnsavedEdits(isDirty: boolean): void {
  useEffect(() => (isDirty ? holdUnsavedEdits() : undefined), [isDirty])
}
