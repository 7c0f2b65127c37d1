import { randomBytes } from 'node:crypto'
import {
  closeSync,
  copyFileSync,
  existsSync,
  openSync,
  readSync,
  renameSync,
  rmSync,
  statSync,
} from 'node:fs'
import BetterSqlite3, { type Database } from 'better-sqlite3-multiple-ciphers'
import { keyToHex } from '../encryption/key'
import { AppError, storageError } from '../errors'
import { rememberKey } from './guarded-dialect'
import type { OpenDatabase } from './open'

// Encryption of the embedded database by SQLite3 Multiple Ciphers (the
// library under better-sqlite3-multiple-ciphers), in its SQLCipher 4
// compatible scheme: AES-256-CBC pages, each with an HMAC-SHA512 tag. The key
// is 256 random bits given raw (SQLCipher's x'…' form): a passphrase would
// need the slow key derivation (PBKDF2, 256,000 rounds at each opening); a
// random key does not. What this protects and what it does not:
// docs/chiffrement.md.

/** The cipher scheme's name in SQLite3 Multiple Ciphers, shown in Paramètres → Chiffrement. */
export const CIPHER_NAME = 'sqlcipher'

const SQLITE_HEADER = Buffer.from('SQLite format 3\0', 'latin1')

/** The smallest SQLite page: every database file, encrypted or not, is a whole number of pages. */
const MIN_PAGE = 512

/**
 * Whether the file at `path` is encrypted: a plain SQLite file begins with
 * "SQLite format 3\0", an encrypted one with its random salt, and both are
 * whole pages. A missing or empty file is not (it is a new database), nor is
 * a file of another kind (a text file named .db).
 */
export function isEncryptedFile(path: string): boolean {
  if (!existsSync(path)) return false
  const size = statSync(path).size
  if (size === 0 || size % MIN_PAGE !== 0) return false
  const fd = openSync(path, 'r')
  try {
    const head = Buffer.alloc(SQLITE_HEADER.length)
    const read = readSync(fd, head, 0, head.length, 0)
    return read < head.length || !head.equals(SQLITE_HEADER)
  } finally {
    closeSync(fd)
  }
}

/** The key as SQLCipher's raw-key text: the bytes are used as the AES key, no derivation. */
function rawKey(key: Buffer): Buffer {
  return Buffer.from(`x'${keyToHex(key)}'`, 'latin1')
}

/** Selects the SQLCipher 4 scheme on a connection that has not read the file yet. */
function selectCipher(sqlite: Database): void {
  sqlite.pragma(`cipher = '${CIPHER_NAME}'`)
  sqlite.pragma('legacy = 4')
}

/**
 * Gives `key` to a connection before its first statement (openDatabase does
 * it). Nothing is checked here: a wrong key shows at the first read, as
 * SQLITE_NOTADB. ATTACH and VACUUM INTO then use the same key by default, so
 * backups of an encrypted database are encrypted with it.
 */
export function applyKey(sqlite: Database, key: Buffer): void {
  selectCipher(sqlite)
  sqlite.key(rawKey(key))
}

/**
 * SQLite3 Multiple Ciphers' AEGIS-256 scheme (an authenticated cipher built
 * on the processor's AES instructions), for files only this process reads.
 */
const SCRATCH_CIPHER = 'aegis'

/**
 * Attaches the file at `path` as `schema`, encrypted with AEGIS-256 under a
 * random key that lives only in this connection: a scratch file is never
 * read by anyone else nor after a crash, so it needs neither SQLCipher
 * compatibility nor the database's key. The import looks its records up
 * there one key at a time, past a small cache: per page read, AEGIS costs
 * about what a plain file does, ChaCha20-Poly1305 (the library's default)
 * four times as much and AES-256-CBC with HMAC-SHA512 more still
 * (docs/chiffrement.md, « Fichiers temporaires »). The connection's cipher
 * is put back at once, so that ATTACH and VACUUM INTO of backups keep
 * SQLCipher 4 and the database's key.
 */
export function attachScratchFile(sqlite: Database, path: string, schema: string): void {
  sqlite.pragma(`cipher = '${SCRATCH_CIPHER}'`)
  try {
    sqlite.prepare(`ATTACH DATABASE ? AS ${schema} KEY ?`).run(path, rawKey(randomBytes(32)))
  } finally {
    selectCipher(sqlite)
  }
}

/** The cipher a connection reads its main database with, or null for a plain one. */
export function cipherOf(sqlite: Database): string | null {
  const value = sqlite.pragma('cipher', { simple: true }) as string | undefined
  return value && isEncryptedFile(sqlite.name) ? value : null
}

interface NativeOptions {
  /** better_sqlite3.node for the running runtime (Electron in development). */
  nativeBinding?: string
}

const HOW_TO_GIVE_KEY =
  'en ligne de commande ou en mode web, avec --key-file FICHIER ou la variable MARELLE_DB_KEY (64 caractères hexadécimaux ou la clé de secours) ; dans l’application, en saisissant la clé de secours'

/** An encrypted database opened without a key: what to do, in French. */
export function keyMissingError(): AppError {
  return new AppError(
    'UNAVAILABLE',
    `Cette base est chiffrée : il faut sa clé pour l’ouvrir. Donnez-la ${HOW_TO_GIVE_KEY}. Rien n’a été modifié.`,
    undefined,
    { encryption: 'key-missing' },
  )
}

/** An encrypted database opened with a key that is not its own. */
export function wrongKeyError(): AppError {
  return new AppError(
    'UNAVAILABLE',
    `La clé donnée n’ouvre pas cette base (ce n’est pas la sienne, ou le fichier n’est pas une base Marelle). Donnez la bonne clé ${HOW_TO_GIVE_KEY}. Rien n’a été modifié.`,
    undefined,
    { encryption: 'wrong-key' },
  )
}

/**
 * What an error met at a file's first read means: with a key, SQLITE_NOTADB
 * is a wrong key; without one, an encrypted file needs its key; otherwise
 * the storage message (damaged, not a database…).
 */
export function openingError(error: unknown, path: string, key: Buffer | null | undefined): unknown {
  const code = (error as { code?: unknown } | null)?.code
  if (code === 'SQLITE_NOTADB' && isEncryptedFile(path)) return key ? wrongKeyError() : keyMissingError()
  return storageError(error) ?? error
}

function connect(path: string, key: Buffer | null, options: NativeOptions & { readonly?: boolean } = {}) {
  const sqlite = new BetterSqlite3(path, {
    nativeBinding: options.nativeBinding,
    readonly: options.readonly ?? false,
    fileMustExist: true,
  })
  try {
    if (key) applyKey(sqlite, key)
    sqlite.prepare('SELECT count(*) FROM sqlite_schema').get()
    return sqlite
  } catch (error) {
    sqlite.close()
    throw openingError(error, path, key)
  }
}

/** integrity_check of a connection's database, French lines ([] when sound). */
function integrityProblems(sqlite: Database): string[] {
  return (sqlite.pragma('integrity_check') as Record<string, string>[])
    .map((row) => Object.values(row)[0])
    .filter((line) => line !== 'ok')
}

/**
 * Leaves the file alone in rollback-journal mode with everything in it:
 * the WAL copied back (checkpoint) so that a plain file copy is whole. Needs
 * no other connection: SQLite refuses to leave WAL mode while others read.
 */
function settle(sqlite: Database): void {
  let mode: unknown
  try {
    sqlite.pragma('wal_checkpoint(TRUNCATE)')
    mode = sqlite.pragma('journal_mode = DELETE', { simple: true })
  } catch (error) {
    if (!String((error as { code?: unknown }).code).startsWith('SQLITE_BUSY')) throw error
  }
  if (mode !== 'delete')
    throw new AppError(
      'BUSY',
      'La base est ouverte ailleurs (une autre fenêtre de Marelle, un import, la ligne de commande) : fermez-la puis recommencez. Rien n’a été modifié.',
    )
}

function partialOf(path: string, what: string): string {
  return `${path}.${what}-partiel`
}

function removeFile(path: string): void {
  for (const suffix of ['', '-journal', '-wal', '-shm']) rmSync(`${path}${suffix}`, { force: true })
}

/**
 * Encrypts the plain database at `path` with `key`. The plain file stays
 * where it is, untouched, while a copy of it is encrypted beside it
 * (….chiffrement-partiel) and checked with the key (integrity_check, the
 * same tables); only then does the encrypted copy replace it, in one rename. A crash at any point leaves either the plain database or the
 * checked encrypted one under `path`; a leftover partial copy is removed by
 * the next attempt. Needs every other connection closed.
 */
export function encryptInPlace(path: string, key: Buffer, options: NativeOptions = {}): void {
  if (isEncryptedFile(path))
    throw new AppError('VALIDATION', 'Cette base est déjà chiffrée : rien n’a été modifié.')
  const partial = partialOf(path, 'chiffrement')
  removeFile(partial)
  const plain = connect(path, null, options)
  let tables: number
  try {
    settle(plain)
    tables = plain.prepare("SELECT count(*) FROM sqlite_schema WHERE type = 'table'").pluck().get() as number
  } finally {
    plain.close()
  }
  try {
    copyFileSync(path, partial)
    const copy = connect(partial, null, options)
    try {
      selectCipher(copy)
      copy.rekey(rawKey(key))
    } finally {
      copy.close()
    }
    const check = connect(partial, key, options)
    try {
      const problems = integrityProblems(check)
      const copied = check.prepare("SELECT count(*) FROM sqlite_schema WHERE type = 'table'").pluck().get()
      if (problems.length > 0 || copied !== tables || !isEncryptedFile(partial))
        throw new AppError(
          'UNAVAILABLE',
          `Le chiffrement de la base n’a pas abouti (${problems[0] ?? 'copie incomplète'}) : la base est restée en clair, rien n’a été perdu.`,
        )
      check.pragma('journal_mode = WAL')
    } finally {
      check.close()
    }
    renameSync(partial, path)
  } finally {
    removeFile(partial)
  }
}

/**
 * Changes the key of the open database to `newKey` (Paramètres →
 * Chiffrement, or the command line; the caller writes the audit entry). The
 * library cannot rekey in WAL mode, so the database leaves WAL mode for the
 * rekey and goes back to it: no other connection may be open (a job, another
 * process). SQLite rewrites every page in one transaction with a rollback
 * journal: a crash during it leaves the database under the old key. The
 * caller keeps the new key only once this returns, and gives it to the job
 * manager (JobManager.useKey) for the workers started afterwards.
 */
export function rekeyDatabase(open: OpenDatabase | Database, newKey: Buffer): void {
  const sqlite = 'sqlite' in open ? open.sqlite : open
  if (sqlite.inTransaction)
    throw new AppError('BUSY', 'Une écriture est en cours : réessayez dans un instant. Rien n’a été modifié.')
  settle(sqlite)
  try {
    sqlite.rekey(rawKey(newKey))
    rememberKey(sqlite, newKey)
  } finally {
    sqlite.pragma('journal_mode = WAL')
  }
  const problems = integrityProblems(sqlite)
  if (problems.length > 0)
    throw new AppError('UNAVAILABLE', `La base n’est pas saine après le changement de clé : ${problems[0]}.`)
}

/**
 * Writes a plain copy of the encrypted database at `path` to `outPath` (for
 * support, or to move the data elsewhere): VACUUM INTO a partial file (which
 * the library encrypts with the same key), decrypted there, checked, then
 * renamed. Refuses to overwrite an existing file.
 */
export function decryptTo(path: string, key: Buffer, outPath: string, options: NativeOptions = {}): void {
  if (existsSync(outPath))
    throw new AppError(
      'VALIDATION',
      `Le fichier ${outPath} existe déjà : choisissez un autre nom, rien n’a été écrasé.`,
    )
  if (!isEncryptedFile(path))
    throw new AppError('VALIDATION', 'Cette base n’est pas chiffrée : copiez-la avec « marelle backup ».')
  const partial = partialOf(outPath, 'dechiffrement')
  removeFile(partial)
  try {
    const source = connect(path, key, { ...options, readonly: true })
    try {
      source.prepare('VACUUM INTO ?').run(partial)
    } finally {
      source.close()
    }
    const copy = connect(partial, key, options)
    try {
      copy.pragma('journal_mode = DELETE')
      copy.rekey(Buffer.alloc(0))
    } finally {
      copy.close()
    }
    const check = connect(partial, null, options)
    try {
      const problems = integrityProblems(check)
      if (problems.length > 0 || isEncryptedFile(partial))
        throw new AppError(
          'UNAVAILABLE',
          `La copie en clair n’est pas saine (${problems[0] ?? 'toujours chiffrée'}) : elle n’a pas été gardée.`,
        )
    } finally {
      check.close()
    }
    renameSync(partial, outPath)
  } finally {
    removeFile(partial)
  }
}
