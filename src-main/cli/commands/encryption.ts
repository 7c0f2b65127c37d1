import { resolve } from 'node:path'
import { hasRole } from '@shared/roles'
import { writeAudit } from '../../backend/audit/service'
import type { Actor, StaffContext } from '../../backend/context'
import { encryptPlainBackups } from '../../backend/db/backup'
import { decryptTo, encryptInPlace, isEncryptedFile } from '../../backend/db/cipher'
import { openDatabase } from '../../backend/db/open'
import { inTransaction } from '../../backend/db/transaction'
import { generateKey } from '../../backend/encryption/key'
import { KEY_VARIABLE } from '../../backend/encryption/key-source'
import { recoveryKeyOf } from '../../backend/encryption/recovery-key'
import { AppError, forbidden } from '../../backend/errors'
import { type Command, EXIT_OK } from '../command'

// `marelle encrypt` and `marelle decrypt --out FICHIER`: moving a database
// between desktops and giving support a readable copy (docs/chiffrement.md).
// Administrators only; both are written in the audit log.

function requireAdministrator(actor: Actor): void {
  if (!hasRole(actor.role, 'administrateur'))
    throw forbidden('Seul un administrateur peut chiffrer une base ou en écrire une copie en clair.')
}

async function audit(ctx: StaffContext, db: StaffContext['db'], action: string, note: string): Promise<void> {
  await inTransaction(db, (trx) =>
    writeAudit(trx, ctx.actor, ctx.clock, { action, entityType: 'database', note }),
  )
}

export const encryptCommand: Command = {
  name: 'encrypt',
  summary: `Chiffre une base en clair, et ses sauvegardes, avec la clé donnée (--key-file ou ${KEY_VARIABLE}) ; sans clé, en crée une et affiche sa clé de secours, une seule fois.`,
  usage: 'encrypt',
  database: 'closed',
  async run(ctx, { key }, io) {
    requireAdministrator(ctx.actor)
    const path = ctx.paths.databasePath
    if (isEncryptedFile(path))
      throw new AppError('VALIDATION', 'Cette base est déjà chiffrée : rien n’a été modifié.')
    const used = key ?? generateKey()
    if (!key) {
      // Shown before the file changes: a crash afterwards must not leave a key nobody saw.
      io.out('Clé de secours de la base (notez-la ou imprimez-la maintenant : elle ne sera plus affichée) :')
      io.out(recoveryKeyOf(used))
      io.out(
        `Les prochaines commandes la prennent dans un fichier (--key-file FICHIER) ou dans ${KEY_VARIABLE}.`,
      )
    }
    encryptInPlace(path, used)
    const backups = encryptPlainBackups(ctx.paths.backupsDir, used)
    const opened = openDatabase(path, { key: used })
    try {
      await audit(
        ctx,
        opened.db,
        'database.encrypt',
        `Base chiffrée avec ${key ? 'la clé donnée' : 'une clé créée par la commande (clé de secours affichée)'} ; ${backups.encrypted.length} sauvegarde(s) chiffrée(s)`,
      )
    } finally {
      await opened.close()
    }
    io.out(`Base chiffrée : ${path}.`)
    if (backups.encrypted.length > 0)
      io.out(`Sauvegardes chiffrées avec la même clé : ${backups.encrypted.length}.`)
    for (const failed of backups.failed)
      io.err(
        `La sauvegarde ${failed} est endommagée : elle est restée en clair, supprimez-la si elle ne sert plus.`,
      )
    return EXIT_OK
  },
}

export const decryptCommand: Command = {
  name: 'decrypt',
  summary:
    'Écrit une copie en clair de la base chiffrée (pour le support) ; la base elle-même reste chiffrée. À supprimer dès qu’elle ne sert plus.',
  usage: 'decrypt --out FICHIER',
  options: { out: { type: 'string' } },
  requiredOptions: ['out'],
  database: 'raw',
  async run(ctx, { values, key }, io) {
    requireAdministrator(ctx.actor)
    const out = resolve(String(values.out))
    if (!key || !isEncryptedFile(ctx.paths.databasePath))
      throw new AppError(
        'VALIDATION',
        'Cette base n’est pas chiffrée : copiez-la avec « marelle backup --out FICHIER ».',
      )
    decryptTo(ctx.paths.databasePath, key, out)
    await audit(ctx, ctx.db, 'database.decrypt', `Copie en clair de la base écrite dans ${out}`)
    io.out(`Copie en clair écrite : ${out}.`)
    io.err(
      'Elle contient les données des familles et de santé sans chiffrement : supprimez-la dès qu’elle ne sert plus.',
    )
    return EXIT_OK
  },
}
