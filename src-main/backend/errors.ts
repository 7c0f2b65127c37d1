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

/** SQLite's primary result code ("SQLITE_IOERR" for "SQLITE_IOERR_WRITE"), or null for other errors. */
function sqliteCode(error: unknown): string | null {
  const code = (error as { code?: unknown } | null)?.code
  if (typeof code !== 'string' || !code.startsWith('SQLITE_')) return null
  return code.split('_').slice(0, 2).join('_')
}

const NOTHING_SAVED = 'rien n’a été enregistré'

/** Another writer holds the database: the same words in both modes (SQLite's lock, PostgreSQL's conflicts). */
export const busyError = () =>
  new AppError(
    'BUSY',
    `La base est occupée par une autre écriture (un import, par exemple) : réessayez dans un instant. Rien n’a été enregistré.`,
  )

/**
 * What a storage fault means for staff, in French: the disk is full, the disk
 * failed, the file is damaged… Returns null for anything that is not such a
 * fault (a bug: logged and reported as an unexpected error). Used by the
 * dispatcher and the command line, so both say the same thing.
 */
export function storageError(error: unknown): AppError | null {
  switch (sqliteCode(error)) {
    case 'SQLITE_BUSY':
    case 'SQLITE_LOCKED':
      return busyError()
    case 'SQLITE_FULL':
      return new AppError(
        'UNAVAILABLE',
        `Enregistrement impossible, le disque est plein : ${NOTHING_SAVED}. Libérez de la place sur le disque de la base (ou demandez-le à votre service informatique), puis recommencez.`,
      )
    case 'SQLITE_IOERR':
      return new AppError(
        'UNAVAILABLE',
        `Enregistrement impossible, erreur de lecture ou d’écriture du disque : ${NOTHING_SAVED}. Vérifiez que le disque de la base est bien branché et en état, puis recommencez.`,
      )
    case 'SQLITE_CORRUPT':
      return new AppError(
        'UNAVAILABLE',
        `La base de données est endommagée : ${NOTHING_SAVED}. Un administrateur peut la restaurer depuis la dernière sauvegarde saine (Paramètres, ou « marelle restore »).`,
      )
    case 'SQLITE_NOTADB':
      return new AppError(
        'UNAVAILABLE',
        'Ce fichier n’est pas une base Marelle (ce n’est pas une base SQLite, ou elle est illisible).',
      )
    case 'SQLITE_READONLY':
      return new AppError(
        'UNAVAILABLE',
        `La base est en lecture seule (droits du fichier ou du dossier) : ${NOTHING_SAVED}.`,
      )
    case 'SQLITE_CANTOPEN':
      return new AppError(
        'UNAVAILABLE',
        'La base de données ne peut pas être ouverte : vérifiez que le fichier et son dossier existent et sont accessibles.',
      )
    default:
      return null
  }
}
