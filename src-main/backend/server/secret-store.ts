// Where a desktop keeps the PostgreSQL password of Paramètres → Serveur
// (docs/architecture.md, « PostgreSQL »): the desktop app protects it with
// Electron's safeStorage (src-main/shell/secret-store-safe-storage.ts), as it
// does the database key; the tests give a double. Without a store (web host,
// command line) the password comes from PGPASSWORD or .pgpass, as pg reads them.

/** What the store holds: the password, nothing, or something it cannot read (another Windows profile…). */
export type StoredSecret =
  | { state: 'present'; password: string }
  | { state: 'absent' }
  | { state: 'unreadable'; reason: string }

export interface SecretStore {
  /** Where the password lives, in French, for Paramètres. */
  readonly description: string
  load(): StoredSecret
  /** Keeps `password` (never in clear), replacing the one kept before; an AppError in French when it cannot. */
  save(password: string): void
  /** Forgets the password kept (nothing when there is none). */
  clear(): void
}
