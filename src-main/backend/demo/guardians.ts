import { landlineNumber } from './contact'
import { MEN, WOMEN } from './data/first-names'
import { LAST_NAMES } from './data/last-names'
import { LOCALITIES, RESIDENCES, STREET_KINDS, STREET_NAMES } from './data/places'
import { EMPLOYERS, JOBS } from './data/work'
import type { Address, GuardianRow } from './rows'
import type { DemoWorld } from './world'

const MAX_LINE = 38 // NF Z10-011

function streetLine(world: DemoWorld): string {
  const { rng } = world
  for (;;) {
    const number = rng.chance(0.9) ? `${rng.int(1, 180)}${rng.chance(0.05) ? ' bis' : ''} ` : ''
    const line = `${number}${rng.pick(STREET_KINDS)} ${rng.pick(STREET_NAMES)}`
    if (line.length <= MAX_LINE) return line
  }
}

export function randomAddress(world: DemoWorld): Address & { region: string; departement: string } {
  const { rng } = world
  const { commune, postalCode } = world.communes.pick(rng)
  return {
    address_line1: streetLine(world),
    address_line2: rng.chance(0.12) ? `Appartement ${rng.int(1, 120)}` : null,
    address_line3: rng.chance(0.1)
      ? `${rng.pick(RESIDENCES)}${rng.chance(0.5) ? ` bât. ${rng.pick(['A', 'B', 'C', 'D'])}` : ''}`
      : null,
    locality: rng.chance(0.04) ? `Lieu-dit ${rng.pick(LOCALITIES)}` : null,
    postal_code: postalCode,
    city: commune.city,
    region: commune.region,
    departement: commune.departement,
  }
}

export interface Person {
  civility: 'monsieur' | 'madame'
  lastName: string
  firstName: string
}

export function randomAdult(world: DemoWorld, civility: 'monsieur' | 'madame', lastName?: string): Person {
  const { rng } = world
  const firstName = rng.pick(civility === 'monsieur' ? MEN : WOMEN)
  return { civility, firstName, lastName: lastName ?? rng.pick(LAST_NAMES) }
}

/** A guardian living at `home`: phones, e-mail, job and consents drawn at random. */
export function guardianRow(
  world: DemoWorld,
  person: Person,
  role: GuardianRow['role'],
  home: ReturnType<typeof randomAddress>,
  maritalStatus: string,
): GuardianRow {
  const { rng } = world
  const { region, departement, ...address } = home
  const job = rng.chance(0.8) ? rng.pick(JOBS) : null
  const female = person.civility === 'madame'
  return {
    role,
    civility: person.civility,
    last_name: person.lastName,
    first_name: person.firstName,
    quality: rng.chance(0.01) ? (female ? 'tutrice' : 'tuteur') : female ? 'mere' : 'pere',
    marital_status: maritalStatus,
    ...address,
    home_phone: rng.chance(0.3) ? landlineNumber(rng, region, departement) : null,
    work_phone: rng.chance(0.2) ? landlineNumber(rng, region, departement) : null,
    mobile_phone: rng.chance(0.95) ? world.contacts.mobile(rng) : null,
    email: rng.chance(0.92) ? world.contacts.email(rng, person.firstName, person.lastName) : null,
    profession: job ? job[female ? 1 : 0] : null,
    csp: job ? job[2] : null,
    employer: job && job[2] !== '8' && rng.chance(0.7) ? rng.pick(EMPLOYERS) : null,
    employer_address: null,
    consent_email: rng.chance(0.85) ? 1 : 0,
    consent_sms: rng.chance(0.8) ? 1 : 0,
  }
}
