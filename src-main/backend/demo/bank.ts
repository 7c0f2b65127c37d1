import { BANKS } from './data/work'
import type { Rng } from './rng'

/** Remainder of a long decimal number by 97, a few digits at a time. */
function mod97(digits: string): number {
  let rest = 0
  for (let i = 0; i < digits.length; i += 7) rest = Number(`${rest}${digits.slice(i, i + 7)}`) % 97
  return rest
}

/** The two-digit key of a French RIB: 97 - (89 × bank + 15 × branch + 3 × account) mod 97. */
export function ribKey(bank: string, branch: string, account: string): string {
  const key = 97 - ((89 * Number(bank) + 15 * Number(branch) + 3 * Number(account)) % 97)
  return String(key).padStart(2, '0')
}

/** FR IBAN of a French RIB: check digits 98 - (BBAN + "FR00" as digits) mod 97 (ISO 13616). */
export function frenchIban(bank: string, branch: string, account: string): string {
  const bban = `${bank}${branch}${account}${ribKey(bank, branch, account)}`
  const check = 98 - mod97(`${bban}152700`)
  return `FR${String(check).padStart(2, '0')}${bban}`
}

export interface BankDetails {
  bankName: string
  iban: string
  bic: string
}

export function bankDetails(rng: Rng): BankDetails {
  const [code, name, bic] = rng.pick(BANKS)
  return { bankName: name, iban: frenchIban(code, rng.digits(5), rng.digits(11)), bic }
}
