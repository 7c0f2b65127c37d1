import { AppError } from '../errors'

// The recovery key: the 256-bit database key written as 16 groups of 6 digits
// (BitLocker's form), typed on a numeric pad. Each group holds 16 bits of the
// key multiplied by 11, so every group carries its own check: a mistyped digit
// or two swapped neighbours never give a multiple of 11, and the message names
// the group to retype. Why we do this small codec ourselves: docs/chiffrement.md.

const GROUPS = 16
const DIGITS = 6
const FACTOR = 11
/** 65536 × 11: a group at or above it cannot come from 16 bits. */
const LIMIT = 0x10000 * FACTOR

/** The recovery key of a 32-byte key: "123456-000011-…", 16 groups. */
export function recoveryKeyOf(key: Buffer): string {
  if (key.length !== GROUPS * 2) throw new Error(`A database key has 32 bytes, not ${key.length}`)
  const groups: string[] = []
  for (let i = 0; i < GROUPS; i++) groups.push(String(key.readUInt16BE(i * 2) * FACTOR).padStart(DIGITS, '0'))
  return groups.join('-')
}

function recoveryError(message: string): AppError {
  return new AppError('VALIDATION', message, [{ path: 'key', label: 'Clé de secours', message }])
}

/**
 * The groups of a recovery key as typed: separated by dashes or spaces, or
 * 96 digits in a row. Throws a French message that says what is wrong.
 */
function groupsOf(text: string): string[] {
  const trimmed = text.trim()
  const stray = trimmed.match(/[^0-9\s\-‐‑–]/u)
  if (stray)
    throw recoveryError(
      `La clé de secours ne contient que des chiffres et des tirets : « ${stray[0]} » n’en fait pas partie.`,
    )
  const parts = trimmed.split(/[\s\-‐‑–]+/u).filter((p) => p.length > 0)
  const joined = parts.join('')
  // Typed without separators (or with some missing): cut into groups of 6.
  const groups =
    parts.length === GROUPS
      ? parts
      : joined.length === GROUPS * DIGITS
        ? (joined.match(/\d{6}/g) ?? [])
        : parts
  if (groups.length !== GROUPS)
    throw recoveryError(
      `La clé de secours compte ${GROUPS} groupes de ${DIGITS} chiffres ; ${groups.length === 1 ? 'un seul groupe a été saisi' : `${groups.length} groupes ont été saisis`}.`,
    )
  return groups
}

/** The 32-byte key back from its recovery key; a French error names the first wrong group. */
export function keyFromRecoveryKey(text: string): Buffer {
  const groups = groupsOf(text)
  const key = Buffer.alloc(GROUPS * 2)
  groups.forEach((group, i) => {
    const value = Number(group)
    if (group.length !== DIGITS || value % FACTOR !== 0 || value >= LIMIT)
      throw recoveryError(`Le groupe ${i + 1} de la clé de secours est erroné.`)
    key.writeUInt16BE(value / FACTOR, i * 2)
  })
  return key
}

/** Whether text looks like a recovery key (digits and separators only), to choose the parser. */
export function looksLikeRecoveryKey(text: string): boolean {
  return /^[0-9\s\-‐‑–]+$/u.test(text.trim()) && text.replace(/\D/g, '').length > 64
}
