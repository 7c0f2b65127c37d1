import { existsSync, readFileSync, renameSync, writeFileSync } from 'node:fs'
import type { KeyStore, StoredKey } from './key-store'

// TEST ONLY. A key store in a JSON file, for the web host's end-to-end tests
// (MARELLE_TEST_KEY_STORE=FILE, docs/chiffrement.md): it keeps the key in
// clear, so it is never used by the desktop app, which keeps the key with
// Electron's safeStorage. A file that is not this store's JSON reads as
// "unreadable", as a key from another Windows profile does.

interface FileContent {
  key: string
  recoveryShown: boolean
}

export function testFileKeyStore(path: string): KeyStore {
  const read = (): FileContent | null | 'bad' => {
    if (!existsSync(path)) return null
    try {
      const content = JSON.parse(readFileSync(path, 'utf8')) as FileContent
      return /^[0-9a-f]{64}$/.test(content.key) ? content : 'bad'
    } catch {
      return 'bad'
    }
  }
  const write = (content: FileContent) => {
    writeFileSync(`${path}.tmp`, JSON.stringify(content))
    renameSync(`${path}.tmp`, path)
  }
  return {
    description: `fichier de test ${path} (clé en clair : jamais dans l’application de bureau)`,
    load(): StoredKey {
      const content = read()
      if (content === null) return { state: 'absent' }
      if (content === 'bad') return { state: 'unreadable', reason: `${path} n’est pas lisible` }
      return { state: 'present', key: Buffer.from(content.key, 'hex') }
    },
    save(key, options) {
      write({ key: key.toString('hex'), recoveryShown: options.recoveryShown })
    },
    recoveryShown() {
      const content = read()
      return content !== null && content !== 'bad' && content.recoveryShown
    },
    markRecoveryShown() {
      const content = read()
      if (content && content !== 'bad') write({ ...content, recoveryShown: true })
    },
  }
}
