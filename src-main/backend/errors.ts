import type { AppErrorPayload, ErrorCode, FieldProblem } from '@shared/errors'

/** An error meant for staff: its message is French and shown as is. */
export class AppError extends Error {
  constructor(
    readonly code: ErrorCode,
    message: string,
    readonly fields?: FieldProblem[],
    readonly details?: unknown,
  ) {
    super(message)
    this.name = 'AppError'
  }

  toPayload(): AppErrorPayload {
    return { code: this.code, message: this.message, fields: this.fields, details: this.details }
  }
}

export const notFound = (what: string) => new AppError('NOT_FOUND', `${what} introuvable.`)
export const forbidden = (message = 'Votre rôle ne permet pas cette action.') =>
  new AppError('FORBIDDEN', message)

/** Rejects input that parsed but breaks a rule, naming the field. */
export function invalidField(path: string, label: string, problem: string): AppError {
  const message = `${label} : ${problem}`
  return new AppError('VALIDATION', message, [{ path, label, message }])
}
