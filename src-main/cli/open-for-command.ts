import { existsSync, statSync } from 'node:fs'
import { encryptInPlace, isEncryptedFile } from '../backend/db/cipher'
import { type OpenDatabase, openDatabase } from '../backend/db/open'
import type { Command, Output } from './command'

const hasContent = (path: string) => existsSync(path) && statSync(path).size > 0

/**
 * Opens the database a command works on, with the key when one is given
 * (docs/chiffrement.md). `migrate` creates an encrypted database with a key
 * and a plain one without (and says so on the error output, for scripts and
 * tests that work on plain files); given a key, it encrypts a plain database
 * first. Other commands open a plain database as it is, saying that the key
 * was not used.
 */
export function openForCommand(
  command: Command,
  databasePath: string,
  key: Buffer | null,
  io: Output,
): OpenDatabase {
  const exists = hasContent(databasePath)
  const plain = exists && !isEncryptedFile(databasePath)
  if (command.name === 'migrate') {
    if (key && plain) {
      encryptInPlace(databasePath, key)
      io.err('La base était en clair : elle est maintenant chiffrée avec la clé donnée.')
    } else if (!key && !exists)
      io.err(
        'Base créée sans chiffrement : pour la chiffrer, donnez une clé avec --key-file FICHIER ou MARELLE_DB_KEY (voir « marelle encrypt »).',
      )
  } else if (key && plain && command.name !== 'encrypt')
    io.err(
      'Avertissement : cette base n’est pas chiffrée, la clé donnée n’a pas servi (« marelle encrypt » la chiffre).',
    )
  return openDatabase(databasePath, { key })
}
