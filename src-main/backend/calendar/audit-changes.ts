import type { FieldChange } from '../audit/service'

/** The fields whose values differ between two versions of a row, with their French labels. */
export function changesBetween<T extends Record<string, unknown>>(
  labels: Partial<Record<keyof T & string, string>>,
  before: T | null,
  after: T | null,
): FieldChange[] {
  const changes: FieldChange[] = []
  for (const [field, label] of Object.entries(labels) as [keyof T & string, string][]) {
    const b = before ? (before[field] ?? null) : null
    const a = after ? (after[field] ?? null) : null
    if (JSON.stringify(b) !== JSON.stringify(a)) changes.push({ field, label, before: b, after: a })
  }
  return changes
}
