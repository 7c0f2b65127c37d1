import { invalidField } from '../errors'

// A service's deadline rules are stored as JSON in the shape of
// src-shared/domain/deadlines.ts (docs/calendrier.md, « Délais »).

/** Checks a deadline rule given by staff; returns the JSON to store, or null for none. */
export function deadlineToStore(value: unknown, path: string, label: string): string | null {
  if (value === null || value === undefined) return null
  if (typeof value !== 'object' || Array.isArray(value))
    throw invalidField(path, label, 'règle de délai invalide')
  return JSON.stringify(value)
}

/** The stored JSON as the rule object, or null. */
export function deadlineFromStore(json: string | null): unknown | null {
  if (!json) return null
  try {
    return JSON.parse(json)
  } catch {
    return null
  }
}
