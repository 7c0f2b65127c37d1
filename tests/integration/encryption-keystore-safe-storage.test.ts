import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterEach, beforeEach, expect, it } from 'vitest'
import { generateKey } from '../../src-main/backend/encryption/key'
import { recoveryKeyOf } from '../../src-main/backend/encryption/recovery-key'
import { KEY_FILE_NAME, safeStorageKeyStore } from '../../src-main/shell/key-store-safe-storage'
import { describeSqliteOnly } from '../helpers/pg-backend'
import { safeStorageProfile as profile } from '../helpers/safe-storage-profile'

// The Electron key store around safeStorage, with a stand-in for the system's
// protection (DPAPI, Keychain): a secret per "Windows profile". The real
// safeStorage is covered by the Electron suite (tests/electron/encryption.spec.ts).

let dir: string
beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'marelle-safe-storage-'))
})
afterEach(() => rmSync(dir, { recursive: true, force: true }))

// The file's own: the SQLite file's key kept with safeStorage.
describeSqliteOnly('the safeStorage key store', () => {
  it('keeps only the protected blob: neither the key nor its recovery key is in the file', () => {
    const safe = profile()
    const store = safeStorageKeyStore(dir, safe)
    expect(store.load()).toEqual({ state: 'absent' })
    const key = generateKey()
    store.save(key, { recoveryShown: false })
    const text = readFileSync(join(dir, KEY_FILE_NAME), 'utf8')
    expect(text).not.toContain(key.toString('hex'))
    expect(text).not.toContain(key.toString('base64'))
    expect(text).not.toContain(recoveryKeyOf(key).slice(0, 20))
    expect(store.recoveryShown()).toBe(false)

    // The next start, same profile.
    const again = safeStorageKeyStore(dir, safe)
    expect(again.load()).toEqual({ state: 'present', key })
    again.markRecoveryShown()
    expect(safeStorageKeyStore(dir, safe).recoveryShown()).toBe(true)
    expect(safeStorageKeyStore(dir, safe).load()).toEqual({ state: 'present', key })
  })

  it('says "unreadable" for another profile’s blob and for a damaged file, never throws', () => {
    safeStorageKeyStore(dir, profile()).save(generateKey(), { recoveryShown: true })
    const otherProfile = safeStorageKeyStore(dir, profile())
    expect(otherProfile.load()).toMatchObject({
      state: 'unreadable',
      reason: expect.stringMatching(/autre utilisateur/),
    })
    writeFileSync(join(dir, KEY_FILE_NAME), '{ pas du json')
    expect(otherProfile.load()).toMatchObject({
      state: 'unreadable',
      reason: expect.stringMatching(/endommagé/),
    })
    // Stored again after the recovery, for this profile.
    const key = generateKey()
    otherProfile.save(key, { recoveryShown: true })
    expect(otherProfile.load()).toEqual({ state: 'present', key })
  })

  it('refuses to keep the key when the system cannot protect it, rather than writing it in clear', () => {
    for (const safe of [
      profile({ available: false }),
      ...(process.platform === 'linux' ? [profile({ backend: 'basic_text' })] : []),
    ]) {
      const store = safeStorageKeyStore(dir, safe)
      expect(() => store.save(generateKey(), { recoveryShown: false })).toThrow(
        /ne peut pas garder la clé de chiffrement.*jamais écrite en clair/,
      )
      expect(store.load()).toEqual({ state: 'absent' })
    }
  })
})
