import { bankDetails } from './bank'
import { demoChild, household } from './children'
import { mobileNumber } from './contact'
import { GRANDFATHERS, GRANDMOTHERS } from './data/first-names'
import { LAST_NAMES } from './data/last-names'
import { dayBetween } from './days'
import { guardianRow, randomAddress, randomAdult } from './guardians'
import type { DemoFamily, FamilyRow, GuardianRow, PersonRow, QuotientRow } from './rows'
import type { DemoWorld } from './world'

const COUPLE_STATUSES = ['marie', 'marie', 'pacse', 'concubinage']
const SINGLE_STATUSES = ['celibataire', 'separe', 'divorce', 'divorce', 'veuf']

function guardians(world: DemoWorld, couple: boolean) {
  const { rng } = world
  const home = randomAddress(world)
  const first = randomAdult(world, rng.chance(0.55) ? 'madame' : 'monsieur')
  const status = rng.pick(couple ? COUPLE_STATUSES : SINGLE_STATUSES)
  const rows: GuardianRow[] = [guardianRow(world, first, 'responsable', home, status)]
  if (couple) {
    const civility = first.civility === 'madame' ? 'monsieur' : 'madame'
    const partner = randomAdult(world, civility, rng.chance(0.6) ? first.lastName : undefined)
    rows.push(guardianRow(world, partner, 'conjoint', rng.chance(0.9) ? home : randomAddress(world), status))
  }
  // Children mostly bear the father's name.
  const father = rows.find((g) => g.civility === 'monsieur') ?? rows[0]
  return { rows, home, childrenName: father.last_name }
}

function quotients(world: DemoWorld): QuotientRow[] {
  const { rng } = world
  const rows: QuotientRow[] = []
  let qf = rng.int(300, 2200)
  for (let year = world.schoolYear - rng.int(0, 2); year <= world.schoolYear; year++) {
    rows.push({ qf, valid_from: `${year}-01-01`, valid_to: `${year}-12-31` })
    qf = Math.max(0, qf + rng.int(-150, 150))
  }
  return rows
}

/** Parts fiscales: 1 or 2 adults, half a part for each of the first two children, one from the third. */
function taxShares(adults: number, children: number): number {
  const forChildren = Math.min(children, 2) * 0.5 + Math.max(children - 2, 0)
  return adults + forChildren + (adults === 1 ? 0.5 : 0)
}

function familyRow(world: DemoWorld, number: string, guardians: GuardianRow[], children: number): FamilyRow {
  const { rng } = world
  const organisation = rng.chance(0.7) ? 'CAF' : rng.chance(0.15) ? 'MSA' : null
  const bank = rng.chance(0.6) ? bankDetails(rng) : null
  const declared = rng.chance(0.5)
  return {
    number,
    caf_organisation: organisation,
    caf_number: organisation ? rng.digits(7) : null,
    tax_reference_income: declared ? rng.int(12, 140) * 1000 + rng.int(0, 999) : null,
    tax_shares: declared ? taxShares(guardians.length, children) : null,
    bank_holder: bank ? `${guardians[0].first_name} ${guardians[0].last_name}` : null,
    bank_name: bank?.bankName ?? null,
    iban: bank?.iban ?? null,
    bic: bank?.bic ?? null,
    sepa_rum: bank ? `BIV-${number}` : null,
    sepa_signed_on: bank ? dayBetween(rng, `${world.schoolYear - 3}-09-01`, world.today) : null,
    direct_debit: bank && rng.chance(0.9) ? 1 : 0,
  }
}

/** Grandparents, neighbours, friends, a childminder; now and then a person a court forbids. */
function authorisedPersons(world: DemoWorld, familyName: string): PersonRow[] {
  const { rng } = world
  const persons: PersonRow[] = []
  const count = rng.int(1, 3)
  for (let i = 0; i < count; i++) {
    const kind = rng.pick([
      'grand_pere',
      'grand_mere',
      'grand_mere',
      'voisin',
      'ami',
      'assistant_maternel',
      'oncle',
      'tante',
    ])
    const grandparent = kind === 'grand_pere' || kind === 'grand_mere'
    persons.push({
      last_name: grandparent && rng.chance(0.6) ? familyName : rng.pick(LAST_NAMES),
      first_name: rng.pick(kind === 'grand_pere' || kind === 'oncle' ? GRANDFATHERS : GRANDMOTHERS),
      relationship: kind,
      phone: null,
      mobile: mobileNumber(rng),
      can_pick_up: 1,
      emergency_contact: rng.chance(0.5) ? 1 : 0,
      pickup_forbidden: 0,
      notes: null,
    })
  }
  if (rng.chance(0.003))
    persons.push({
      ...persons[0],
      first_name: rng.pick(GRANDFATHERS),
      relationship: 'pere',
      can_pick_up: 0,
      emergency_contact: 0,
      pickup_forbidden: 1,
      notes: 'Décision du juge aux affaires familiales : ne peut pas venir chercher l’enfant',
    })
  // The services refuse two persons of the same name for one child: keep the first.
  const seen = new Set<string>()
  return persons.filter((p) => {
    const key = `${p.last_name}|${p.first_name}`.toLowerCase()
    if (seen.has(key)) return false
    seen.add(key)
    return true
  })
}

/** One synthetic family; `identifiers` gives each child its Identifiant. */
export function demoFamily(world: DemoWorld, number: string, identifiers: () => string): DemoFamily {
  const { rng } = world
  const { rows, home, childrenName } = guardians(world, rng.chance(0.72))
  const count = rng.chance(0.4) ? 1 : rng.chance(0.75) ? 2 : 3
  const levels = new Set<number>()
  while (levels.size < count) levels.add(rng.int(0, 7))
  const house = household(world, childrenName, home.region, home.departement)
  const family = familyRow(world, number, rows, count)
  return {
    family,
    quotients: family.caf_organisation ? quotients(world) : [],
    guardians: rows,
    children: [...levels].sort((a, b) => a - b).map((level) => demoChild(world, house, identifiers(), level)),
    persons: authorisedPersons(world, childrenName),
  }
}
