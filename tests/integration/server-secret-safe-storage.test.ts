import { createCipheriv, createDecipheriv, randomBytes } from 'node:crypto'
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import type { SafeStorageLike } from '../../src-main/shell/key-store-safe-storage'
import { SECRET_FILE_NAME, safeStorageSecretStore } from '../../src-main/shell/secret-store-safe-storage'

// The PostgreSQL password of Paramètres kept with safeStorage, with a stand-in
// for the system's protection (a secret per "Windows profile"), as in
// encryption-keystore-safe-storage.test.ts for the database key.

function profile(options: { available?: boolean; backend?: string } = {}): SafeStorageLike {
  const secret = randomBytes(32)
  return {
    isEncryptionAvailable: () => options.available ?? true,
    getSelectedStorageBackend: () => (options.backend ?? 'gnome_libsecret') as never,
    encryptString(text) {
      const iv = randomBytes(12)
      const cipher = createCipheriv('aes-256-gcm', secret, iv)
      const body = Buffer.concat([cipher.update(text, 'utf8'), cipher.final()])
      return Buffer.concat([iv, cipher.getAuthTag(), body])
    },
    decryptString(blob) {
      const decipher = createDecipheriv('aes-256-gcm', secret, blob.subarray(0, 12))
      decipher.setAuthTag(blob.subarray(12, 28))
      return Buffer.concat([decipher.update(blob.subarray(28)), decipher.final()]).toString('utf8')
    },
  }
}

const PASSWORD = 'Mot de passe du serveur : é€ 42'

let dir: string
beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'marelle-secret-store-'))
})
afterEach(() => rmSync(dir, { recursive: true, force: true }))

describe('the server password kept with safeStorage', () => {
  it('writes only what the system protected, and reads it back for this profile only', () => {
    const mine = profile()
    const store = safeStorageSecretStore(dir, mine)
    expect(store.load()).toEqual({ state: 'absent' })
    store.save(PASSWORD)
    const file = readFileSync(join(dir, SECRET_FILE_NAME), 'utf8')
    expect(file).not.toContain(PASSWORD)
    expect(file).not.toContain(Buffer.from(PASSWORD).toString('base64'))
    expect(store.load()).toEqual({ state: 'present', password: PASSWORD })
    expect(safeStorageSecretStore(dir, profile()).load()).toMatchObject({
      state: 'unreadable',
      reason: 'le mot de passe a été protégé pour un autre utilisateur ou un autre poste',
    })
    store.clear()
    expect(store.load()).toEqual({ state: 'absent' })
  })

  it('refuses to keep it without a system store, in French, and says a damaged file is unreadable', () => {
    expect(() => safeStorageSecretStore(dir, profile({ available: false })).save(PASSWORD)).toThrow(
      /ne peut pas garder le mot de passe du serveur sur ce poste : le système ne fournit pas de coffre/,
    )
    if (process.platform === 'linux')
      expect(() => safeStorageSecretStore(dir, profile({ backend: 'basic_text' })).save(PASSWORD)).toThrow(
        /aucun trousseau de clés n’est ouvert/,
      )
    writeFileSync(join(dir, SECRET_FILE_NAME), '{"format":"autre"}')
    expect(safeStorageSecretStore(dir, profile()).load()).toMatchObject({ state: 'unreadable' })
  })
})
