import { readFileSync } from 'node:fs'
import { AppError } from '../errors'
import { parseKeyText } from './key'

// Where the command line and the web host take the database key from
// (docs/chiffrement.md): --key-file FICHIER, else the MARELLE_DB_KEY
// variable. Either holds 64 hexadecimal characters or the recovery key.

/** The variable that may hold the key. */
export const KEY_VARIABLE = 'MARELLE_DB_KEY'

function prefixed(where: string, error: unknown): unknown {
  if (!(error instanceof AppError)) return error
  return new AppError(error.code, `${where} : ${error.message}`, error.fields)
}

/**
 * The key given by `keyFile` (a path) or by `variable` (the variable's
 * value), or null when neither is given. The file wins when both are. A
 * French error names the file or the variable and what is wrong, never the
 * content.
 */
export function keyFromSources(keyFile: string | undefined, variable: string | undefined): Buffer | null {
  if (keyFile !== undefined && keyFile !== '') {
    let text: string
    try {
      text = readFileSync(keyFile, 'utf8')
    } catch {
      throw new AppError('VALIDATION', `Le fichier de clé ${keyFile} est introuvable ou illisible.`)
    }
    try {
      return parseKeyText(text)
    } catch (error) {
      throw prefixed(`Fichier de clé ${keyFile}`, error)
    }
  }
  if (variable !== undefined && variable.trim() !== '') {
    try {
      return parseKeyText(variable)
    } catch (error) {
      throw prefixed(`Variable ${KEY_VARIABLE}`, error)
    }
  }
  return null
}
