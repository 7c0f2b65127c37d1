import { randomBytes } from 'node:crypto'
import { AppError } from '../errors'
import { keyFromRecoveryKey, looksLikeRecoveryKey } from './recovery-key'

// The database key: 256 random bits, given to SQLite as a raw key (no
// passphrase, hence no key derivation: docs/chiffrement.md). Written by staff
// and files either as 64 hexadecimal characters or as the recovery key.

export const KEY_BYTES = 32

/** A new database key: 32 bytes from the system's secure random generator. */
export function generateKey(): Buffer {
  return randomBytes(KEY_BYTES)
}

/** The key as 64 lowercase hexadecimal characters. */
export function keyToHex(key: Buffer): string {
  if (key.length !== KEY_BYTES) throw new Error(`A database key has ${KEY_BYTES} bytes, not ${key.length}`)
  return key.toString('hex')
}

function keyError(message: string): AppError {
  return new AppError('VALIDATION', message, [{ path: 'key', label: 'Clé de chiffrement', message }])
}

/**
 * The key from what a file, MARELLE_DB_KEY or a form holds: 64 hexadecimal
 * characters, or the recovery key (16 groups of 6 digits). Spaces, line
 * breaks and dashes are tolerated in both. Throws a French message that says
 * what is wrong, never the text itself (it may be most of a key).
 */
export function parseKeyText(text: string): Buffer {
  if (text.trim() === '')
    throw keyError(
      'La clé de chiffrement est vide : il faut 64 caractères hexadécimaux ou la clé de secours (16 groupes de 6 chiffres).',
    )
  if (looksLikeRecoveryKey(text)) return keyFromRecoveryKey(text)
  const compact = text.replace(/[\s\-‐‑–]+/gu, '')
  const stray = compact.match(/[^0-9a-fA-F]/)
  if (stray)
    throw keyError(
      `La clé de chiffrement s’écrit avec 64 caractères hexadécimaux (0-9, a-f) ou c’est la clé de secours (16 groupes de 6 chiffres) : le caractère « ${stray[0]} » n’en fait pas partie.`,
    )
  if (compact.length !== KEY_BYTES * 2)
    throw keyError(
      `La clé de chiffrement compte 64 caractères hexadécimaux ; ${compact.length} ont été donnés.`,
    )
  return Buffer.from(compact, 'hex')
}
