import type { KeyStore, StoredKey } from '../../src-main/backend/encryption/key-store'

/**
 * The key store the tests give the back-end instead of Electron's safeStorage:
 * in memory, so that "another desktop" or "a new Windows profile" is a new
 * store, or one whose load says it cannot read what it holds.
 */
export function memoryKeyStore(initial: StoredKey = { state: 'absent' }): KeyStore & {
  stored: StoredKey
  saves: number
} {
  let shown = false
  const store = {
    stored: initial,
    saves: 0,
    description: 'mémoire (tests)',
    load: () => store.stored,
    save(key: Buffer, options: { recoveryShown: boolean }) {
      store.stored = { state: 'present', key: Buffer.from(key) } as StoredKey
      store.saves++
      shown = options.recoveryShown
    },
    recoveryShown: () => shown,
    markRecoveryShown() {
      shown = true
    },
  }
  return store
}

export function storedKey(store: { stored: StoredKey }): Buffer {
  if (store.stored.state !== 'present') throw new Error(`no key stored (${store.stored.state})`)
  return store.stored.key
}
