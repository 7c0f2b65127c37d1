// Errors that cross the process boundary: plain data, with a French message
// for staff. The English details go to the log, never to the screen.
export const ERROR_CODES = [
  'VALIDATION',
  'NOT_FOUND',
  'CONFLICT',
  'FORBIDDEN',
  'UNAUTHENTICATED',
  'LOCKED',
  'TOO_LARGE',
  'BAD_SENDER',
  'BUSY',
  'CANCELLED',
  'UNAVAILABLE',
  'INTERNAL',
] as const
export type ErrorCode = (typeof ERROR_CODES)[number]

export interface FieldProblem {
  /** Dotted path of the field in the input, e.g. "guardian.mobile". */
  path: string
  /** French label of the field, e.g. "Mobile". */
  label: string
  /** French message, e.g. "Mobile : numéro invalide". */
  message: string
}

export interface AppErrorPayload {
  code: ErrorCode
  message: string
  fields?: FieldProblem[]
  /** Extra data for the UI, e.g. what changed in between on a version conflict. */
  details?: unknown
}

export type Envelope<T> = { ok: true; value: T } | { ok: false; error: AppErrorPayload }
