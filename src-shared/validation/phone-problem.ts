import { parsePhoneNumberFromString, validatePhoneNumberLength } from 'libphonenumber-js/max'

// Why a phone number is refused, in words staff can act on: the digits'
// count, the country code, or a range that no French operator uses
// ("07 07 07 07 07" has 10 digits and starts with 0, yet does not exist).

const SHAPE = 'numéro invalide (10 chiffres commençant par 0, ou +33…)'

/** The message for a number that normalizePhone() refused. */
export function phoneProblem(input: string): string {
  const compact = input.replace(/[\s.\-()/]/g, '')
  if (!/^(\+|00)?\d+$/.test(compact)) return SHAPE
  const international = compact.replace(/^00/, '+')
  const parsed = parsePhoneNumberFromString(international, 'FR')
  const french = !international.startsWith('+') || parsed?.countryCallingCode === '33'
  if (french) {
    const national = international.startsWith('+') ? `0${international.slice(3)}` : international
    if (!national.startsWith('0')) return SHAPE
    if (national.length !== 10) return SHAPE
    const start = `${national.slice(0, 2)} ${national.slice(2, 4)}`
    return `numéro inexistant : aucun numéro français ne commence par ${start} (vérifiez-le)`
  }
  const length = validatePhoneNumberLength(international)
  if (length === 'INVALID_COUNTRY' || !parsed)
    return `indicatif de pays inconnu (${international.slice(0, 4)}…)`
  if (length === 'TOO_SHORT') return `numéro trop court pour l’indicatif +${parsed.countryCallingCode}`
  if (length === 'TOO_LONG') return `numéro trop long pour l’indicatif +${parsed.countryCallingCode}`
  return `numéro inexistant pour l’indicatif +${parsed.countryCallingCode} (vérifiez-le)`
}
