// The database key kept with Electron's safeStorage (Windows DPAPI, macOS
// Keychain): only the blob safeStorage encrypts for this user is written, in
// marelle.key beside the database, never the key in clear (docs/chiffrement.md).
// Only type imports from electron, so that the Node tests can give a fake.

import { existsSync, readFileSync, renameSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import type { SafeStorage } from 'electron'
import type { KeyStore, StoredKey } from '../backend/encryption/key-store'
import { AppError } from '../backend/errors'

export type SafeStorageLike = Pick<
  SafeStorage,
  'isEncryptionAvailable' | 'encryptString' | 'decryptString' | 'getSelectedStorageBackend'
>

export const KEY_FILE_NAME = 'marelle.key'

interface KeyFile {
  format: 'marelle-key-1'
  /** safeStorage.encryptString of the key's 64 hexadecimal characters, in base64. */
  protectedKey: string
  recoveryShown: boolean
}

/**
 * safeStorage cannot protect the key when the system offers no secret store;
 * on Linux without a keyring it falls back to a fixed password ("basic_text"),
 * which is as good as clear: refused as well.
 */
function protectionMissing(safe: SafeStorageLike, options: KeyStoreOptions): string | null {
  if (!safe.isEncryptionAvailable())
    return 'le système ne fournit pas de coffre pour la clé (safeStorage indisponible)'
  if (
    process.platform === 'linux' &&
    !options.linuxBasicText &&
    safe.getSelectedStorageBackend() === 'basic_text'
  )
    return 'aucun trousseau de clés n’est ouvert sur ce poste (safeStorage en mode basic_text)'
  return null
}

export interface KeyStoreOptions {
  /**
   * Linux only, for development and the Electron suite on a machine without a
   * keyring (MARELLE_LINUX_BASIC_TEXT_KEY=1): accept safeStorage's fixed-password
   * mode. Marelle is installed on Windows and macOS, where it never applies.
   */
  linuxBasicText?: boolean
}

export function safeStorageKeyStore(
  dataDir: string,
  safe: SafeStorageLike,
  storeOptions: KeyStoreOptions = {},
): KeyStore {
  const path = join(dataDir, KEY_FILE_NAME)
  const read = (): KeyFile | null => {
    if (!existsSync(path)) return null
    const content = JSON.parse(readFileSync(path, 'utf8')) as KeyFile
    if (content.format !== 'marelle-key-1' || typeof content.protectedKey !== 'string')
      throw new Error(`${KEY_FILE_NAME}: unknown format`)
    return content
  }
  const write = (content: KeyFile) => {
    writeFileSync(`${path}.tmp`, JSON.stringify(content), { mode: 0o600 })
    renameSync(`${path}.tmp`, path)
  }
  return {
    description: `${path}, protégé par le système pour cet utilisateur (${process.platform === 'win32' ? 'DPAPI de Windows' : process.platform === 'darwin' ? 'trousseau de macOS' : 'trousseau du système'})`,
    load(): StoredKey {
      let content: KeyFile | null
      try {
        content = read()
      } catch {
        return { state: 'unreadable', reason: `${KEY_FILE_NAME} est endommagé` }
      }
      if (!content) return { state: 'absent' }
      const missing = protectionMissing(safe, storeOptions)
      if (missing) return { state: 'unreadable', reason: missing }
      try {
        const hex = safe.decryptString(Buffer.from(content.protectedKey, 'base64'))
        if (!/^[0-9a-f]{64}$/.test(hex))
          return { state: 'unreadable', reason: `${KEY_FILE_NAME} est endommagé` }
        return { state: 'present', key: Buffer.from(hex, 'hex') }
      } catch {
        // DPAPI or the Keychain refuse a blob made for another user or another computer.
        return {
          state: 'unreadable',
          reason: 'la clé a été protégée pour un autre utilisateur ou un autre poste',
        }
      }
    },
    save(key, options) {
      const missing = protectionMissing(safe, storeOptions)
      if (missing)
        throw new AppError(
          'UNAVAILABLE',
          `Marelle ne peut pas garder la clé de chiffrement sur ce poste : ${missing}. Elle n’est jamais écrite en clair ; ouvrez une session Windows ou macOS normale, puis relancez Marelle.`,
        )
      const protectedKey = safe.encryptString(key.toString('hex')).toString('base64')
      write({ format: 'marelle-key-1', protectedKey, recoveryShown: options.recoveryShown })
    },
    recoveryShown() {
      try {
        return read()?.recoveryShown === true
      } catch {
        return false
      }
    },
    markRecoveryShown() {
      const content = read()
      if (content) write({ ...content, recoveryShown: true })
    },
  }
}
