import { existsSync, statSync } from 'node:fs'
import type { LockReason, LockState } from '@shared/contract/encryption'
import { contract } from '@shared/contract/index'
import type { Envelope } from '@shared/errors'
import { formatIssues } from '@shared/validation/format-issues'
import { writeAudit } from '../audit/service'
import { type Backend, type BackendOptions, startBackend } from '../bootstrap'
import type { Actor } from '../context'
import { isEncryptedFile } from '../db/cipher'
import { inTransaction } from '../db/transaction'
import { AppError } from '../errors'
import type { Dispatch } from '../ipc/dispatch'
import { generateKey } from './key'
import type { KeyStore } from './key-store'
import { keyFromRecoveryKey } from './recovery-key'

// Opening the embedded database with the key a desktop keeps (docs/chiffrement.md):
// first start creates the key, stores it, then creates the database encrypted;
// a plain database is encrypted in place; later starts load the key. When the
// stored key is missing, unreadable or not this database's, the back-end waits
// for the recovery key: until it is typed only the two public channels
// 'encryption/lockState' and 'encryption/recover' answer.

export interface KeyedBackendOptions extends BackendOptions {
  /** Where the key lives on this desktop; without it the database opens with `key` or plain. */
  keyStore?: KeyStore
}

export interface GatedBackend {
  dispatch: Dispatch
  /** The open back-end, or null while the recovery key is awaited. */
  current(): Backend | null
  lockState(): LockState
  /** Resolves once the database is open: at once, or after the recovery key. */
  opened: Promise<Backend>
  close(): Promise<void>
}

/** Who the audit log names for a recovery: nobody is signed in yet. */
const RECOVERY_ACTOR: Actor = {
  staffId: null,
  login: 'cle-de-secours',
  displayName: 'Clé de secours saisie au démarrage',
  role: 'administrateur',
}

/** Gives the handlers of Paramètres → Chiffrement the store and the key the database is open with. */
function keyed(backend: Backend, keyStore: KeyStore, key: Buffer): Backend {
  backend.services.encryption = { keyStore, key }
  return backend
}

function hasDatabase(path: string): boolean {
  return existsSync(path) && statSync(path).size > 0
}

/** The key store's key, after creating and storing a new one when there is none and the file is not encrypted yet. */
function openOrLock(
  options: KeyedBackendOptions & { keyStore: KeyStore },
): { backend: Backend } | { reason: LockReason } {
  const store = options.keyStore
  const stored = store.load()
  const exists = hasDatabase(options.databasePath)
  const encrypted = exists && isEncryptedFile(options.databasePath)
  if (!encrypted) {
    // New or plain database: a key this desktop holds, created (and stored first) if need be.
    let key: Buffer
    if (stored.state === 'present') key = stored.key
    else {
      key = generateKey()
      store.save(key, { recoveryShown: false })
      options.log.info('Encryption key created and stored')
    }
    // startBackend encrypts a plain database and its plain backups with it (bootstrap.ts).
    return { backend: keyed(startBackend({ ...options, key }), store, key) }
  }
  if (stored.state !== 'present') {
    options.log.warn(
      `Stored encryption key ${stored.state === 'absent' ? 'missing' : `unreadable: ${stored.reason}`}`,
    )
    return { reason: stored.state }
  }
  try {
    return { backend: keyed(startBackend({ ...options, key: stored.key }), store, stored.key) }
  } catch (error) {
    if (!isWrongKey(error)) throw error
    options.log.warn('Stored encryption key refused by the database')
    return { reason: 'wrong-key' }
  }
}

/** The refusal of openDatabase for a key that is not the file's (cipher.ts, wrongKeyError). */
function isWrongKey(error: unknown): boolean {
  return (
    error instanceof AppError &&
    (error.details as { encryption?: string } | undefined)?.encryption === 'wrong-key'
  )
}

function refusal(
  code: 'LOCKED' | 'VALIDATION',
  message: string,
  fields?: AppError['fields'],
): Envelope<never> {
  return { ok: false, error: new AppError(code, message, fields).toPayload() }
}

const LOCKED_MESSAGE =
  'La base est chiffrée et la clé de ce poste est illisible : saisissez d’abord la clé de secours.'

/** Starts the back-end with the key store's key, or waits for the recovery key (see above). */
export function startKeyedBackend(options: KeyedBackendOptions): GatedBackend {
  const store = options.keyStore
  if (!store) {
    const backend = startBackend(options)
    return {
      dispatch: backend.dispatch,
      current: () => backend,
      lockState: () => ({ locked: false, reason: null }),
      opened: Promise.resolve(backend),
      close: () => backend.close(),
    }
  }
  const first = openOrLock({ ...options, keyStore: store })
  let backend: Backend | null = 'backend' in first ? first.backend : null
  let reason: LockReason | null = 'reason' in first ? first.reason : null
  let markOpen: (b: Backend) => void = () => {}
  let recovering: Promise<void> = Promise.resolve()
  const opened = backend ? Promise.resolve(backend) : new Promise<Backend>((resolve) => (markOpen = resolve))

  async function recover(rawInput: unknown): Promise<Envelope<null>> {
    const schema = contract['encryption/recover'].input
    const parsed = schema.safeParse(rawInput ?? {})
    if (!parsed.success) {
      const fields = formatIssues(parsed.error, schema)
      return refusal('VALIDATION', fields.map((f) => f.message).join('\n'), fields)
    }
    let key: Buffer
    try {
      key = keyFromRecoveryKey(parsed.data.recoveryKey)
    } catch (error) {
      if (error instanceof AppError)
        return refusal('VALIDATION', error.message, [
          { path: 'recoveryKey', label: 'Clé de secours', message: error.message },
        ])
      throw error
    }
    let opening: Backend
    try {
      opening = keyed(startBackend({ ...options, key }), store as KeyStore, key)
    } catch (error) {
      if (!isWrongKey(error)) throw error
      options.log.warn('Recovery key refused by the database')
      const message =
        'Clé de secours : cette clé n’ouvre pas la base de ce poste. Vérifiez la feuille imprimée (la clé de la dernière génération) ; rien n’a été modifié.'
      return refusal('VALIDATION', message, [{ path: 'recoveryKey', label: 'Clé de secours', message }])
    }
    try {
      // The administrator typing it holds the recovery key: it is not shown again.
      ;(store as KeyStore).save(key, { recoveryShown: true })
    } catch (error) {
      await opening.close()
      throw error
    }
    options.log.info('Database opened with the recovery key; key stored again')
    await inTransaction(opening.services.db, (trx) =>
      writeAudit(trx, RECOVERY_ACTOR, opening.services.clock, {
        action: 'database.recovered',
        entityType: 'database',
        note: 'Base ouverte avec la clé de secours ; la clé est de nouveau gardée sur ce poste.',
      }),
    )
    backend = opening
    reason = null
    markOpen(opening)
    return { ok: true, value: null }
  }

  return {
    async dispatch(name, rawInput, session) {
      if (backend) return backend.dispatch(name, rawInput, session)
      if (name === 'encryption/lockState') return { ok: true, value: { locked: true, reason } }
      if (name === 'encryption/recover') {
        // One attempt at a time: a second click waits, then meets the open database.
        const previous = recovering
        let done: () => void = () => {}
        recovering = new Promise<void>((resolve) => (done = resolve))
        try {
          await previous
          // Opened by the attempt this one waited for.
          const openedMeanwhile = backend as Backend | null
          if (openedMeanwhile) return openedMeanwhile.dispatch(name, rawInput, session)
          return await recover(rawInput)
        } catch (error) {
          options.log.error('Recovery failed', error)
          if (error instanceof AppError) return { ok: false, error: error.toPayload() }
          return refusal(
            'LOCKED',
            'La base n’a pas pu être ouverte ; le détail est dans le journal de l’application.',
          )
        } finally {
          done()
        }
      }
      return refusal('LOCKED', LOCKED_MESSAGE)
    },
    current: () => backend,
    lockState: () => ({ locked: backend === null, reason }),
    opened,
    async close() {
      await backend?.close()
    },
  }
}
