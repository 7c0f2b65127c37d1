import { z } from '../zod'
import { channel } from './define'

/** Why the database cannot be opened yet: the key kept on this desktop is missing, unreadable or not this database's. */
export type LockReason = 'absent' | 'unreadable' | 'wrong-key'

export interface LockState {
  /** True while the window must ask for the recovery key before anything else. */
  locked: boolean
  reason: LockReason | null
}

/** A recovery key to show an administrator once, with what the printed sheet needs. */
export interface RecoveryKeyView {
  /** 16 groups of 6 digits, separated by dashes (docs/chiffrement.md). */
  recoveryKey: string
  /** Settings 'commune.name', for the printed sheet ('' when not set). */
  communeName: string
}

/** Paramètres → Chiffrement. */
export interface EncryptionStatus {
  encrypted: boolean
  /** The cipher, as SQLite3 Multiple Ciphers names it ('sqlcipher'), or null for a plain database. */
  algorithm: string | null
  /** The last "Générer une nouvelle clé de secours", from the audit log (ISO time), or null. */
  lastRekeyAt: string | null
  /** Where this desktop keeps the key, in French, or null when the key came from elsewhere (variable, file). */
  keyStore: string | null
  /** False when the key was given by MARELLE_DB_KEY or --key-file: it cannot be changed from the window. */
  canRegenerate: boolean
}

const recoveryKeyInput = z
  .string()
  .trim()
  .min(1, 'saisissez la clé de secours')
  .max(400, 'la clé de secours est trop longue')
  .describe('Clé de secours')

export const encryptionChannels = {
  /** Asked by the window before the sign-in screen: must the recovery key be typed first? */
  'encryption/lockState': channel(z.object({}).strict(), {
    access: 'public',
    whileLocked: true,
    withProvisionalPassword: true,
  }).returns<LockState>(),
  /** Opens a database whose stored key is lost with its recovery key, then stores the key again. */
  'encryption/recover': channel(z.object({ recoveryKey: recoveryKeyInput }).strict(), {
    access: 'public',
    maxBytes: 4096,
  }).returns<null>(),
  /** The recovery key no administrator has confirmed keeping yet, or null. */
  'encryption/pendingRecoveryKey': channel(z.object({}).strict(), {
    access: 'administrateur',
  }).returns<RecoveryKeyView | null>(),
  /** "J'ai imprimé ou noté la clé de secours…": it is not shown again. */
  'encryption/acknowledgeRecoveryKey': channel(
    z
      .object({
        kept: z.literal(true, { message: 'cochez la case pour confirmer' }).describe('Clé conservée'),
      })
      .strict(),
    { access: 'administrateur' },
  ).returns<null>(),
  'encryption/status': channel(z.object({}).strict(), {
    access: 'administrateur',
  }).returns<EncryptionStatus>(),
  /** Re-keys the database with a new random key; the old recovery key stops working. */
  'encryption/regenerate': channel(z.object({}).strict(), {
    access: 'administrateur',
  }).returns<RecoveryKeyView>(),
}
