import type { FieldValues, Path, UseFormSetError } from 'react-hook-form'
import { ApiError } from '../api/client'

/**
 * Puts the back-end's field problems under the matching inputs; returns the
 * message to show above the form when the error is not about one field.
 */
export function applyServerErrors<T extends FieldValues>(
  error: unknown,
  setError: UseFormSetError<T>,
  known: readonly string[],
): string | null {
  if (!(error instanceof ApiError)) return (error as Error)?.message ?? 'Erreur inconnue.'
  let placed = 0
  for (const field of error.fields) {
    if (known.includes(field.path)) {
      const short = field.message.startsWith(`${field.label} : `)
        ? field.message.slice(field.label.length + 3)
        : field.message
      setError(field.path as Path<T>, { type: 'server', message: short })
      placed++
    }
  }
  return placed === error.fields.length && placed > 0 ? null : error.message
}
