import { createCipheriv, createDecipheriv, randomBytes } from 'node:crypto'
import type { SafeStorageLike } from '../../src-main/shell/key-store-safe-storage'

/**
 * A stand-in for the system's protection behind Electron's safeStorage (DPAPI,
 * Keychain): AES-GCM under a secret only this "profile" holds, as DPAPI does
 * for a Windows user. The real safeStorage is covered by the Electron suite.
 */
export function safeStorageProfile(options: { available?: boolean; backend?: string } = {}): SafeStorageLike {
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
