import { existsSync, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs'
import type { SecretStore, StoredSecret } from './secret-store'

// TEST ONLY. The password of Paramètres → Serveur in a JSON file, in clear,
// for the web host's end-to-end tests (MARELLE_TEST_SECRET_STORE=FILE) and the
// back-end tests: never used by the desktop app, which protects it with
// Electron's safeStorage (src-main/shell/secret-store-safe-storage.ts).

export function testFileSecretStore(path: string): SecretStore {
  return {
    description: `fichier de test ${path} (mot de passe en clair : jamais dans l’application de bureau)`,
    load(): StoredSecret {
      if (!existsSync(path)) return { state: 'absent' }
      try {
        const content = JSON.parse(readFileSync(path, 'utf8')) as { password?: unknown }
        if (typeof content.password === 'string') return { state: 'present', password: content.password }
      } catch {}
      return { state: 'unreadable', reason: `${path} n’est pas lisible` }
    },
    save(password) {
      writeFileSync(`${path}.tmp`, JSON.stringify({ password }))
      renameSync(`${path}.tmp`, path)
    },
    clear() {
      rmSync(path, { force: true })
    },
  }
}
