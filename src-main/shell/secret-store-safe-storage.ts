// The PostgreSQL server's password of Paramètres → Serveur, kept with
// Electron's safeStorage (Windows DPAPI, macOS Keychain) as the database key
// is (key-store-safe-storage.ts): only the blob safeStorage encrypts for this
// user is written, in marelle-serveur.secret beside the database, never the
// password in clear. Only type imports from electron, so that the Node tests
// can give a fake.

import { existsSync, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { AppError } from '../backend/errors'
import type { SecretStore, StoredSecret } from '../backend/server/secret-store'
import type { KeyStoreOptions, SafeStorageLike } from './key-store-safe-storage'

export const SECRET_FILE_NAME = 'marelle-serveur.secret'

/** Why safeStorage cannot protect the password here, or null (same rule as the key's). */
function protectionMissing(safe: SafeStorageLike, options: KeyStoreOptions): string | null {
  if (!safe.isEncryptionAvailable()) return 'le système ne fournit pas de coffre (safeStorage indisponible)'
  if (
    process.platform === 'linux' &&
    !options.linuxBasicText &&
    safe.getSelectedStorageBackend() === 'basic_text'
  )
    return 'aucun trousseau de clés n’est ouvert sur ce poste (safeStorage en mode basic_text)'
  return null
}

export function safeStorageSecretStore(
  dataDir: string,
  safe: SafeStorageLike,
  options: KeyStoreOptions = {},
): SecretStore {
  const path = join(dataDir, SECRET_FILE_NAME)
  return {
    description: `${path}, protégé par le système pour cet utilisateur`,
    load(): StoredSecret {
      if (!existsSync(path)) return { state: 'absent' }
      const missing = protectionMissing(safe, options)
      if (missing) return { state: 'unreadable', reason: missing }
      try {
        const content = JSON.parse(readFileSync(path, 'utf8')) as { format?: string; protected?: string }
        if (content.format !== 'marelle-secret-1' || typeof content.protected !== 'string')
          return { state: 'unreadable', reason: `${SECRET_FILE_NAME} est endommagé` }
        return { state: 'present', password: safe.decryptString(Buffer.from(content.protected, 'base64')) }
      } catch {
        // DPAPI or the Keychain refuse a blob made for another user or another computer.
        return {
          state: 'unreadable',
          reason: 'le mot de passe a été protégé pour un autre utilisateur ou un autre poste',
        }
      }
    },
    save(password) {
      const missing = protectionMissing(safe, options)
      if (missing)
        throw new AppError(
          'UNAVAILABLE',
          `Marelle ne peut pas garder le mot de passe du serveur sur ce poste : ${missing}. Il n’est jamais écrit en clair ; utilisez le fichier .pgpass de cet utilisateur, ou ouvrez une session Windows ou macOS normale.`,
        )
      const blob = safe.encryptString(password).toString('base64')
      writeFileSync(`${path}.tmp`, JSON.stringify({ format: 'marelle-secret-1', protected: blob }), {
        mode: 0o600,
      })
      renameSync(`${path}.tmp`, path)
    },
    clear() {
      rmSync(path, { force: true })
    },
  }
}
