import { randomBytes, scrypt, timingSafeEqual } from 'node:crypto'

// scrypt parameters: N=2^17, r=8, p=1 (OWASP's minimum for scrypt: 128 MiB
// and about 0.3 s per hash on a staff desktop), stored with the hash so that
// they can be raised later. A hash made with weaker parameters is upgraded at
// the account's next sign-in (see needsRehash and docs/comptes.md).
export const SCRYPT_N = 2 ** 17
const R = 8
const P = 1
const KEY_LENGTH = 64

/** Node refuses scrypt above 32 MiB unless told: 128 × N × r bytes are needed, allow twice that. */
const maxmem = (n: number, r: number) => 256 * n * r

function derive(password: string, salt: Buffer, n: number, r: number, p: number): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    scrypt(password.normalize('NFC'), salt, KEY_LENGTH, { N: n, r, p, maxmem: maxmem(n, r) }, (err, key) =>
      err ? reject(err) : resolve(key),
    )
  })
}

export async function hashPassword(password: string): Promise<string> {
  const salt = randomBytes(16)
  const key = await derive(password, salt, SCRYPT_N, R, P)
  return `scrypt$${SCRYPT_N}$${R}$${P}$${salt.toString('base64')}$${key.toString('base64')}`
}

interface Parsed {
  n: number
  r: number
  p: number
  salt: Buffer
  hash: Buffer
}

function parse(stored: string): Parsed | null {
  const [scheme, n, r, p, salt, hash] = stored.split('$')
  if (scheme !== 'scrypt' || !salt || !hash) return null
  const parsed = { n: Number(n), r: Number(r), p: Number(p), salt: Buffer.from(salt, 'base64') }
  if (![parsed.n, parsed.r, parsed.p].every((v) => Number.isInteger(v) && v > 0)) return null
  return { ...parsed, hash: Buffer.from(hash, 'base64') }
}

export async function verifyPassword(password: string, stored: string): Promise<boolean> {
  const parsed = parse(stored)
  if (!parsed) return false
  const key = await derive(password, parsed.salt, parsed.n, parsed.r, parsed.p)
  return key.length === parsed.hash.length && timingSafeEqual(key, parsed.hash)
}

/** True when the hash was made with weaker parameters than today's (upgraded at sign-in). */
export function needsRehash(stored: string): boolean {
  const parsed = parse(stored)
  return !parsed || parsed.n < SCRYPT_N || parsed.r < R || parsed.p < P
}

/**
 * The same work as checking a password against a current hash, for an
 * unknown login: the answer takes as long whether the login exists or not.
 */
export async function burnPasswordCheck(password: string): Promise<void> {
  await derive(password, randomBytes(16), SCRYPT_N, R, P)
}
