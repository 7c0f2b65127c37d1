import { type DeadlineRule, deadlineRuleSchema, parseDeadline } from '@shared/domain/deadlines'
import { formatIssues } from '@shared/validation/format-issues'
import { AppError } from '../errors'

// A service's deadline rules are stored as JSON in the shape of
// src-shared/domain/deadlines.ts (docs/calendrier.md, « Délais »).

/** Checks a deadline rule given by staff; returns the JSON to store, or null for none. */
export function deadlineToStore(value: unknown, path: string, label: string): string | null {
  if (value === null || value === undefined) return null
  const parsed = deadlineRuleSchema.safeParse(value)
  if (!parsed.success) {
    const fields = formatIssues(parsed.error, deadlineRuleSchema).map((f) => ({
      path: `${path}.${f.path}`,
      label,
      message: `${label} : ${f.message}`,
    }))
    throw new AppError('VALIDATION', fields.map((f) => f.message).join('\n'), fields)
  }
  return JSON.stringify(parsed.data)
}

/** The stored JSON as the rule, or null (a rule that no longer reads is shown as none). */
export function deadlineFromStore(json: string | null): DeadlineRule | null {
  try {
    return parseDeadline(json)
  } catch {
    return null
  }
}
