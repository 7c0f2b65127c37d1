// Where a desktop keeps the database key between starts (docs/chiffrement.md).
// The desktop app uses Electron's safeStorage (src-main/shell/key-store-safe-storage.ts);
// the tests and the web host's test mode replace it (key-store-test-file.ts).

/** What the store holds: the key, nothing yet, or something it cannot read (another Windows profile…). */
export type StoredKey =
  | { state: 'present'; key: Buffer }
  | { state: 'absent' }
  | { state: 'unreadable'; reason: string }

export interface KeyStore {
  /** Where the key lives, in French, for Paramètres → Chiffrement. */
  readonly description: string
  load(): StoredKey
  /**
   * Keeps `key` (never in clear), replacing the one kept before. `recoveryShown`
   * says whether an administrator already holds its recovery key (true after a
   * recovery, false for a new key). Throws an AppError in French when it cannot.
   */
  save(key: Buffer, options: { recoveryShown: boolean }): void
  /** True once an administrator has confirmed keeping the current key's recovery key. */
  recoveryShown(): boolean
  markRecoveryShown(): void
}
