// The rows the demo writes, keyed by column name so that they bind to the
// prepared statements as they are. Flags are 0/1, days 'YYYY-MM-DD'.
type Flag = 0 | 1

export interface FamilyRow {
  number: string
  caf_organisation: 'CAF' | 'MSA' | null
  caf_number: string | null
  tax_reference_income: number | null
  tax_shares: number | null
  bank_holder: string | null
  bank_name: string | null
  iban: string | null
  bic: string | null
  sepa_rum: string | null
  sepa_signed_on: string | null
  direct_debit: Flag
}

export interface QuotientRow {
  qf: number
  valid_from: string
  valid_to: string | null
}

export interface Address {
  address_line1: string | null
  address_line2: string | null
  address_line3: string | null
  locality: string | null
  postal_code: string | null
  city: string | null
}

export interface GuardianRow extends Address {
  role: 'responsable' | 'conjoint'
  civility: 'monsieur' | 'madame' | null
  last_name: string
  first_name: string
  quality: string | null
  marital_status: string | null
  home_phone: string | null
  work_phone: string | null
  mobile_phone: string | null
  email: string | null
  profession: string | null
  csp: string | null
  employer: string | null
  employer_address: string | null
  consent_email: Flag
  consent_sms: Flag
}

export interface ChildRow {
  identifier: string
  last_name: string
  first_name: string
  sex: 'F' | 'M' | null
  birth_date: string | null
  birth_place: string | null
  school: string | null
  class_level: string | null
  diet: string | null
  pai: Flag
  pai_valid_until: string | null
  pai_packed_meal: Flag
  pai_details: string | null
  doctor_name: string | null
  doctor_phone: string | null
  health_form_completed_on: string | null
}

export interface PersonRow {
  last_name: string
  first_name: string
  relationship: string
  phone: string | null
  mobile: string | null
  can_pick_up: Flag
  emergency_contact: Flag
  pickup_forbidden: Flag
  notes: string | null
}

export interface VaccinationRow {
  product_id: number
  vaccine_name: string
  vaccinated_on: string
  dose: string | null
  lot: string | null
  booster_on: string | null
  doctor: string | null
}

export interface HealthRow {
  kind: 'maladie' | 'allergie' | 'contre_indication'
  label: string
  allergen: string | null
  details: string | null
}

export interface EnrolmentRow {
  service_id: number
  starts_on: string
  weekdays: number
}

export interface DemoChild {
  row: ChildRow
  vaccinations: VaccinationRow[]
  health: HealthRow[]
  enrolments: EnrolmentRow[]
}

/** One family and everything that hangs from it. */
export interface DemoFamily {
  family: FamilyRow
  quotients: QuotientRow[]
  guardians: GuardianRow[]
  children: DemoChild[]
  /** Authorised persons, the same for every child of the family. */
  persons: PersonRow[]
}
