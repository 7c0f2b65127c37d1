import { looseKey } from '@shared/domain/options'
import { MAIL_DOMAINS } from './data/work'
import type { Rng } from './rng'

// Phone numbers in ranges the French numbering plan gives to mobiles
// (060 to 068 but 063, partly unassigned; 073 to 079) and to landlines by area.
const MOBILE_06 = ['0', '1', '2', '4', '5', '6', '7', '8']
const MOBILE_07 = ['3', '4', '5', '6', '7', '8', '9']

export function mobileNumber(rng: Rng): string {
  return rng.chance(0.75)
    ? `06${rng.pick(MOBILE_06)}${rng.digits(7)}`
    : `07${rng.pick(MOBILE_07)}${rng.digits(7)}`
}

/** Landline area (01 Île-de-France … 05 south-west) and a few real second pairs of each. */
const LANDLINES: Record<string, string[]> = {
  '01': ['42', '43', '44', '45', '46', '47', '48', '53', '55', '56'],
  '02': ['40', '41', '43', '47', '51', '97', '98', '99'],
  '03': ['20', '28', '80', '81', '83', '87', '88', '89'],
  '04': ['76', '38', '72', '73', '74', '75', '77', '78', '79', '50'],
  '05': ['56', '57', '59', '61', '62', '63', '34', '35'],
}
const REGION_AREA: Record<string, string> = {
  '11': '01',
  '24': '02',
  '28': '02',
  '52': '02',
  '53': '02',
  '27': '03',
  '32': '03',
  '44': '03',
  '75': '05',
  '76': '05',
  '84': '04',
  '93': '04',
  '94': '04',
}

export function landlineNumber(rng: Rng, region: string, departement: string): string {
  const area = REGION_AREA[region] ?? '04'
  const pair = departement === '38' ? rng.pick(['76', '38']) : rng.pick(LANDLINES[area])
  return `${area}${pair}${rng.digits(6)}`
}

/** firstname.lastname@domain with the accents, spaces and apostrophes taken out. */
function emailAddress(rng: Rng, firstName: string, lastName: string): string {
  const first = looseKey(firstName)
  const last = looseKey(lastName)
  const local = rng.pick([
    `${first}.${last}`,
    `${first}.${last}`,
    `${first[0]}${last}`,
    `${first}${last}${rng.int(1, 99)}`,
    `${last}.${first}`,
    `${first}-${last}`,
  ])
  return `${local}@${rng.pick(MAIL_DOMAINS)}`
}

/**
 * The e-mail addresses and mobile numbers given to the demo's responsables
 * and conjoints, each to one person only. Derived from names alone, two
 * Aurélie Charrier would both get aurelie.charrier@gmail.com, and the CSV
 * import rightly takes a new family whose responsable has the name and the
 * e-mail (or mobile) of another family's responsable for that family under a
 * second number (docs/fichiers-csv.md): the demo's own export could not be
 * imported back. Real addresses and numbers belong to one person; so do
 * these. A taken one is drawn again, then given a number, as mail providers
 * do; the draws come from the seed's stream, so the demo stays deterministic.
 */
export class ContactBook {
  private readonly emails = new Set<string>()
  private readonly mobiles = new Set<string>()

  email(rng: Rng, firstName: string, lastName: string): string {
    let address = emailAddress(rng, firstName, lastName)
    for (let attempt = 0; this.emails.has(address); attempt++) {
      const [local, domain] = address.split('@')
      address =
        attempt < 2
          ? emailAddress(rng, firstName, lastName)
          : `${local.replace(/\d+$/, '')}${rng.int(1, 10 ** Math.min(attempt, 9))}@${domain}`
    }
    this.emails.add(address)
    return address
  }

  mobile(rng: Rng): string {
    let number = mobileNumber(rng)
    while (this.mobiles.has(number)) number = mobileNumber(rng)
    this.mobiles.add(number)
    return number
  }
}
