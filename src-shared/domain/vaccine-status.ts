import {
  DTP,
  ELEVEN_VACCINES_FROM,
  PROVISIONAL_ADMISSION_MONTHS,
  VACCINE_DISEASES,
  type VaccineDisease,
} from './health'
import { looseKey } from './options'

/** A product of the vaccine catalogue and the diseases it protects from. */
export interface VaccineProduct {
  name: string
  diseases: readonly string[]
}

/** One line of a child's vaccination record. */
export interface VaccinationFact {
  /** The name as written (record, portal, CSV): matched to the catalogue when `diseases` is absent. */
  name?: string | null
  /** Diseases of the linked product, when the line is already linked to one. */
  diseases?: readonly string[] | null
  /** 'YYYY-MM-DD'. */
  date: string
}

export interface VaccineStatusInput {
  birthDate: string | null
  vaccinations: readonly VaccinationFact[]
  /** 'YYYY-MM-DD': vaccinations dated later do not count yet. */
  today: string
  /** Admission (or other reference) day from which the 3 months of R3111-17 run. */
  admittedOn?: string | null
  catalogue?: readonly VaccineProduct[]
}

export interface ProvisionalAdmission {
  /** Last day to catch up: 3 months after the admission day. */
  deadline: string
  /** Negative once the deadline has passed. */
  daysLeft: number
  overdue: boolean
}

export interface VaccineStatus {
  mandatory: VaccineDisease[]
  covered: VaccineDisease[]
  missing: VaccineDisease[]
  complete: boolean
  /** Names matching no product of the catalogue: staff must read the record themselves. */
  unrecognised: string[]
  /** Set when something is missing and an admission day is known. */
  provisional: ProvisionalAdmission | null
}

const ALL_DISEASES: VaccineDisease[] = VACCINE_DISEASES.map((d) => d.value)

/**
 * The 11 vaccinations for children born on or after 1 January 2018, DTP
 * before. An unknown birth date gets the 11: asking too much is corrected
 * by entering the date, asking too little would go unnoticed.
 */
export function mandatoryDiseases(birthDate: string | null): VaccineDisease[] {
  return birthDate === null || birthDate >= ELEVEN_VACCINES_FROM ? [...ALL_DISEASES] : [...DTP]
}

/** The catalogue product whose name matches `name` ignoring case, accents, spaces and dashes. */
export function findVaccineProduct<P extends VaccineProduct>(
  catalogue: readonly P[],
  name: string,
): P | null {
  const key = looseKey(name)
  if (key === '') return null
  return catalogue.find((p) => looseKey(p.name) === key) ?? null
}

/** 'YYYY-MM-DD' plus `months`, clamped to the end of a shorter month (30 Nov + 3 months = 28 Feb). */
export function addMonths(day: string, months: number): string {
  const [y, m, d] = day.split('-').map(Number)
  const target = new Date(Date.UTC(y, m - 1 + months, 1))
  const lastDay = new Date(Date.UTC(target.getUTCFullYear(), target.getUTCMonth() + 1, 0)).getUTCDate()
  target.setUTCDate(Math.min(d, lastDay))
  return target.toISOString().slice(0, 10)
}

function daysBetween(from: string, to: string): number {
  return Math.round((Date.parse(`${to}T00:00:00Z`) - Date.parse(`${from}T00:00:00Z`)) / 86_400_000)
}

/** Which mandatory vaccinations a child has, which it lacks, and how long it has left to catch up. */
export function vaccineStatus(input: VaccineStatusInput): VaccineStatus {
  const mandatory = mandatoryDiseases(input.birthDate)
  const protectedFrom = new Set<string>()
  const unrecognised: string[] = []
  for (const line of input.vaccinations) {
    if (line.date > input.today) continue
    const diseases =
      line.diseases ?? (line.name ? findVaccineProduct(input.catalogue ?? [], line.name)?.diseases : null)
    if (diseases) for (const disease of diseases) protectedFrom.add(disease)
    else if (line.name?.trim() && !unrecognised.includes(line.name.trim()))
      unrecognised.push(line.name.trim())
  }
  const covered = mandatory.filter((d) => protectedFrom.has(d))
  const missing = mandatory.filter((d) => !protectedFrom.has(d))
  let provisional: ProvisionalAdmission | null = null
  if (missing.length > 0 && input.admittedOn) {
    const deadline = addMonths(input.admittedOn, PROVISIONAL_ADMISSION_MONTHS)
    const daysLeft = daysBetween(input.today, deadline)
    provisional = { deadline, daysLeft, overdue: daysLeft < 0 }
  }
  return { mandatory, covered, missing, complete: missing.length === 0, unrecognised, provisional }
}
