import { writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { CsvWriter, FAMILY_FILES, type FamilyFileKey } from '../../src-main/backend/csv/index'
import { formatCell } from '../../src-main/backend/family-csv/cells'
import { FILE_COLUMNS, KEY_COLUMNS } from '../../src-main/backend/family-csv/columns'

// Deterministic family file sets of any size, for the import bench and the
// crash test: each table's rows in stored form (what a bare INSERT writes)
// and the CSV files an export of them would be (formatCell, the codec's
// writer). Accented names, valid phones, e-mails, IBANs and dates.

const LAST = [
  'Martin',
  'Bernard',
  'Dubois',
  'Lefèvre',
  'Moreau',
  'Girard',
  'André',
  'Mercier',
  'Dupont',
  'François',
  'Noël',
  'Gaël-Rivière',
  'D’Almeida',
  'Nguyen',
  'Fontaine',
  'Chevalier',
  'Rousseau',
  'Blanc',
  'Guérin',
  'Muller',
]
const FIRST = [
  'Jean',
  'Marie',
  'Élodie',
  'Loïc',
  'Zoé',
  'Chloé',
  'Noémie',
  'Hugo',
  'Inès',
  'Léa',
  'Théo',
  'Maëlys',
  'Jérôme',
  'Cécile',
  'Anaïs',
  'Raphaël',
  'Océane',
  'Benoît',
  'Hélène',
  'Kylian',
]
const CITIES = [
  ['38330', 'Biviers'],
  ['38000', 'Grenoble'],
  ['38240', 'Meylan'],
  ['38330', 'Saint-Ismier'],
  ['38700', 'La Tronche'],
]
const IBANS = ['FR7630006000011234567890189', 'FR1420041010050500013M02606', 'FR7610107001011234567890129']
const VACCINES = ['Pentacoq', 'Infanrix Hexa', 'Priorix', 'Prevenar 13', 'Neisvac']
const RELATIONS = ['grand_mere', 'grand_pere', 'oncle', 'tante', 'voisin', 'ami']

export type StoredRow = Record<string, unknown>

export interface SyntheticSet {
  families: StoredRow[]
  quotients: StoredRow[]
  guardians: StoredRow[]
  children: StoredRow[]
  persons: StoredRow[]
  vaccinations: StoredRow[]
}

const pick = <T>(list: readonly T[], n: number) => list[n % list.length]
const day = (n: number, from: number) => {
  const date = new Date(Date.UTC(from, 0, 1) + (n % 3650) * 86_400_000)
  return date.toISOString().slice(0, 10)
}
const phone = (n: number) => `06${1 + (n % 5)}${String(n % 10_000_000).padStart(7, '0')}`

/** `families` families with 1 or 2 children each, their guardians, authorised persons and vaccinations. */
export function syntheticSet(families: number, start = 0): SyntheticSet {
  const set: SyntheticSet = {
    families: [],
    quotients: [],
    guardians: [],
    children: [],
    persons: [],
    vaccinations: [],
  }
  let child = 0
  for (let i = start; i < start + families; i++) {
    const number = String(300_000_000_000 + i)
    const [postal, city] = pick(CITIES, i)
    const last = pick(LAST, i * 7)
    set.families.push({
      number,
      caf_organisation: i % 5 === 0 ? 'MSA' : 'CAF',
      caf_number: String(1_000_000 + i),
      tax_reference_income: 20_000 + (i % 50) * 1000,
      tax_shares: 1 + (i % 4) * 0.5,
      bank_holder: i % 2 ? `${last} ${pick(FIRST, i)}` : null,
      bank_name: i % 2 ? 'Crédit Agricole' : null,
      iban: i % 2 ? pick(IBANS, i) : null,
      bic: i % 2 ? 'AGRIFRPP' : null,
      sepa_rum: i % 2 ? `RUM-${i}` : null,
      sepa_signed_on: i % 2 ? day(i, 2015) : null,
      direct_debit: i % 2,
    })
    set.quotients.push({ number, qf: 300 + (i % 1500), valid_from: '2026-01-01', valid_to: '2026-12-31' })
    for (const role of i % 10 < 7 ? ['responsable', 'conjoint'] : ['responsable']) {
      const first = pick(FIRST, i + (role === 'conjoint' ? 3 : 0))
      set.guardians.push({
        number,
        role,
        civility: role === 'responsable' ? 'monsieur' : 'madame',
        last_name: last,
        first_name: first,
        quality: role === 'responsable' ? 'pere' : 'mere',
        marital_status: 'marie',
        address_line1: `${1 + (i % 120)} chemin des Écureuils`,
        address_line2: i % 9 === 0 ? 'Bâtiment B, apt 12' : null,
        address_line3: null,
        locality: null,
        postal_code: postal,
        city,
        home_phone: i % 3 === 0 ? `0476${String(i % 1_000_000).padStart(6, '0')}` : null,
        work_phone: null,
        mobile_phone: phone(i * 2 + (role === 'conjoint' ? 1 : 0)),
        email: `${role}.${i}@exemple.fr`,
        profession: i % 4 ? 'Infirmière' : 'Développeur',
        csp: String(1 + (i % 8)),
        employer: i % 4 ? 'CHU Grenoble Alpes' : null,
        employer_address: null,
        consent_email: 1,
        consent_sms: i % 2,
      })
    }
    for (let k = 0; k < 1 + (i % 2); k++, child++) {
      const identifier = String(400_000_000_000 + start * 2 + child)
      set.children.push({
        number,
        identifier,
        last_name: last,
        first_name: pick(FIRST, child * 3 + 1),
        sex: child % 2 ? 'F' : 'M',
        birth_date: day(child, 2012),
        birth_place: pick(CITIES, child)[1],
        school: 'École de Biviers',
        class_level: pick(['CP', 'CE1', 'CE2', 'CM1', 'CM2'], child),
        diet: child % 6 === 0 ? 'sans_porc' : null,
        pai: child % 20 === 0 ? 1 : 0,
        pai_valid_until: child % 20 === 0 ? '2027-06-30' : null,
      })
      for (let p = 0; p < 1 + (child % 2); p++)
        set.persons.push({
          identifier,
          last_name: pick(LAST, child + p + 3),
          first_name: pick(FIRST, child + p * 5),
          relationship: pick(RELATIONS, child + p),
          phone: null,
          mobile: phone(child * 3 + p + 5_000_000),
          can_pick_up: 1,
          emergency_contact: p === 0 ? 1 : 0,
        })
      for (let v = 0; v < 2; v++)
        set.vaccinations.push({
          identifier,
          vaccine_name: pick(VACCINES, child + v),
          vaccinated_on: day(child + v * 200, 2013),
          dose: v === 0 ? '1' : '2',
          lot: `L${child}${v}`,
          booster_on: null,
          doctor: 'Dr Morel',
        })
    }
  }
  return set
}

function cells(key: FamilyFileKey, row: StoredRow, quotient?: StoredRow): string[] {
  return FILE_COLUMNS[key].map((column) => {
    if (column.spec) {
      const source =
        quotient && ['qf', 'valid_from', 'valid_to'].includes(column.spec.column) ? quotient : row
      return formatCell(column.spec, source[column.spec.column])
    }
    if (column.name === KEY_COLUMNS.role) return row.role === 'conjoint' ? 'Conjoint' : 'Responsable'
    if (column.name === KEY_COLUMNS.familyNumber) return String(row.number)
    return String(row.identifier)
  })
}

/** Writes the set as the five files an export would hold (no sante.csv); returns their paths. */
export function writeSyntheticFiles(set: SyntheticSet, dir: string): string[] {
  const files: [FamilyFileKey, StoredRow[]][] = [
    ['familles', set.families],
    ['responsables', set.guardians],
    ['enfants', set.children],
    ['personnesAutorisees', set.persons],
    ['vaccinations', set.vaccinations],
  ]
  return files.map(([key, rows]) => {
    const writer = new CsvWriter(FAMILY_FILES[key].columns)
    const parts = [writer.start()]
    rows.forEach((row, i) => {
      parts.push(writer.row(cells(key, row, key === 'familles' ? set.quotients[i] : undefined)))
    })
    const path = join(dir, FAMILY_FILES[key].name)
    writeFileSync(path, parts.join(''))
    return path
  })
}
