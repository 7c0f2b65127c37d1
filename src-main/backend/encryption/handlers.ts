import type { encryptionChannels, RecoveryKeyView } from '@shared/contract/encryption'
import { writeAudit } from '../audit/service'
import type { StaffContext } from '../context'
import { isEncryptedFile } from '../db/cipher'
import { fileOf } from '../db/storage/file'
import { inTransaction } from '../db/transaction'
import { AppError } from '../errors'
import type { HandlersOf } from '../ipc/handler-types'
import { getSetting } from '../settings/service'
import { generateKey } from './key'
import { recoveryKeyOf } from './recovery-key'

// Paramètres → Chiffrement and the recovery key shown after the first start
// (docs/chiffrement.md). No key, and no recovery key, ever goes to the audit
// log or the application log.

async function recoveryView(ctx: StaffContext, key: Buffer): Promise<RecoveryKeyView> {
  return { recoveryKey: recoveryKeyOf(key), communeName: (await getSetting(ctx.db, 'commune.name')).trim() }
}

function keyedOnThisDesktop(ctx: StaffContext): NonNullable<StaffContext['encryption']> {
  if (!ctx.encryption)
    throw new AppError(
      'UNAVAILABLE',
      'La clé de cette base n’est pas gardée par Marelle sur ce poste (elle a été donnée par MARELLE_DB_KEY ou --key-file) : changez-la en ligne de commande.',
    )
  return ctx.encryption
}

export const encryptionHandlers = {
  // While the database is locked, unlock.ts answers these two itself; once open, nothing is locked.
  'encryption/lockState': async () => ({ locked: false, reason: null }),
  'encryption/recover': async () => {
    throw new AppError('CONFLICT', 'La base est déjà ouverte : la clé de secours n’est pas nécessaire.')
  },
  'encryption/pendingRecoveryKey': async (ctx) => {
    const encryption = ctx.encryption
    if (!encryption || encryption.keyStore.recoveryShown()) return null
    return recoveryView(ctx, encryption.key)
  },
  'encryption/acknowledgeRecoveryKey': async (ctx) => {
    const { keyStore } = keyedOnThisDesktop(ctx)
    if (keyStore.recoveryShown()) return null
    await inTransaction(ctx.db, (trx) =>
      writeAudit(trx, ctx.actor, ctx.clock, {
        action: 'database.recovery_key_kept',
        entityType: 'database',
        note: 'Clé de secours imprimée ou notée et conservée en lieu sûr (confirmé par l’administrateur).',
      }),
    )
    keyStore.markRecoveryShown()
    return null
  },
  'encryption/status': async (ctx) => {
    const encrypted = isEncryptedFile(ctx.paths.databasePath)
    const last = await ctx.db
      .selectFrom('audit_log')
      .select('at')
      .where('action', '=', 'database.rekey')
      .orderBy('at', 'desc')
      .limit(1)
      .executeTakeFirst()
    return {
      encrypted,
      algorithm: ctx.storage.file?.cipher() ?? null,
      lastRekeyAt: last?.at ?? null,
      keyStore: ctx.encryption?.keyStore.description ?? null,
      canRegenerate: ctx.encryption !== undefined,
    }
  },
  'encryption/regenerate': async (ctx) => {
    const encryption = keyedOnThisDesktop(ctx)
    const oldKey = Buffer.from(encryption.key)
    const oldShown = encryption.keyStore.recoveryShown()
    const newKey = generateKey()
    // The store first: if the re-key then fails, the old key goes back; if the
    // app stops in between, the database still opens with the old recovery key.
    encryption.keyStore.save(newKey, { recoveryShown: false })
    try {
      fileOf(ctx.storage).rekey(newKey)
    } catch (error) {
      encryption.keyStore.save(oldKey, { recoveryShown: oldShown })
      throw error
    }
    // In place: this one buffer is the key the job workers, the backups and
    // the restores of this back-end are given (bootstrap.ts, guarded-dialect.ts).
    encryption.key.set(newKey)
    // Said explicitly too, so that the workers do not depend on sharing that buffer.
    ctx.jobs?.useKey(encryption.key)
    ctx.log.info('Database re-keyed from Paramètres → Chiffrement')
    await inTransaction(ctx.db, (trx) =>
      writeAudit(trx, ctx.actor, ctx.clock, {
        action: 'database.rekey',
        entityType: 'database',
        note: 'Nouvelle clé de chiffrement et nouvelle clé de secours ; l’ancienne clé de secours ne fonctionne plus.',
      }),
    )
    return recoveryView(ctx, encryption.key)
  },
} satisfies HandlersOf<typeof encryptionChannels>
