import { AppError } from '../errors'

/** A row changed by someone else since it was read (its version moved on). */
export function staleVersion(what: string): AppError {
  return new AppError(
    'CONFLICT',
    `${what} a été modifié(e) entre-temps par quelqu’un d’autre : rechargez la liste puis recommencez.`,
  )
}
