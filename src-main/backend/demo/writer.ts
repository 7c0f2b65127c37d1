import type { Database, Statement } from 'better-sqlite3'
import type { DemoFamily } from './rows'

// Raw prepared statements for the bulk path: kysely would build and compile
// each of the millions of inserts of a city-sized demo.

export interface DemoCounts {
  families: number
  guardians: number
  children: number
  authorizedPersons: number
  vaccinations: number
  healthConditions: number
  quotients: number
  enrolments: number
}

const COLUMNS = {
  families: [
    'number',
    'caf_organisation',
    'caf_number',
    'tax_reference_income',
    'tax_shares',
    'bank_holder',
    'bank_name',
    'iban',
    'bic',
    'sepa_rum',
    'sepa_signed_on',
    'direct_debit',
  ],
  family_quotients: ['family_id', 'qf', 'valid_from', 'valid_to'],
  guardians: [
    'family_id',
    'role',
    'civility',
    'last_name',
    'first_name',
    'quality',
    'marital_status',
    'address_line1',
    'address_line2',
    'address_line3',
    'locality',
    'postal_code',
    'city',
    'home_phone',
    'work_phone',
    'mobile_phone',
    'email',
    'profession',
    'csp',
    'employer',
    'employer_address',
    'consent_email',
    'consent_sms',
  ],
  children: [
    'family_id',
    'identifier',
    'last_name',
    'first_name',
    'sex',
    'birth_date',
    'birth_place',
    'school',
    'class_level',
    'diet',
    'pai',
    'pai_valid_until',
    'pai_packed_meal',
    'pai_details',
    'doctor_name',
    'doctor_phone',
    'health_form_completed_on',
  ],
  authorized_persons: [
    'child_id',
    'last_name',
    'first_name',
    'relationship',
    'phone',
    'mobile',
    'can_pick_up',
    'emergency_contact',
    'pickup_forbidden',
    'notes',
  ],
  vaccinations: [
    'child_id',
    'product_id',
    'vaccine_name',
    'vaccinated_on',
    'dose',
    'lot',
    'booster_on',
    'doctor',
  ],
  health_conditions: ['child_id', 'kind', 'label', 'allergen', 'details'],
  enrolments: ['child_id', 'service_id', 'starts_on', 'weekdays'],
} as const
type Table = keyof typeof COLUMNS

const stampColumns = (table: Table) =>
  table === 'family_quotients' ? ['created_at'] : ['created_at', 'updated_at']

/** INSERT with positional parameters (named ones bind twice as slowly): the columns, then the stamps. */
function insertStatement(sqlite: Database, table: Table): Statement {
  const columns = [...COLUMNS[table], ...stampColumns(table)]
  return sqlite.prepare(
    `INSERT INTO ${table} (${columns.join(', ')}) VALUES (${columns.map(() => '?').join(', ')})`,
  )
}

export class DemoWriter {
  readonly counts: DemoCounts = {
    families: 0,
    guardians: 0,
    children: 0,
    authorizedPersons: 0,
    vaccinations: 0,
    healthConditions: 0,
    quotients: 0,
    enrolments: 0,
  }
  private readonly statements: Record<Table, Statement>
  private readonly stamps: Record<Table, string[]>

  constructor(
    sqlite: Database,
    private readonly stamp: string,
  ) {
    this.statements = Object.fromEntries(
      (Object.keys(COLUMNS) as Table[]).map((t) => [t, insertStatement(sqlite, t)]),
    ) as Record<Table, Statement>
    this.stamps = Object.fromEntries(
      (Object.keys(COLUMNS) as Table[]).map((t) => [t, stampColumns(t).map(() => this.stamp)]),
    ) as Record<Table, string[]>
  }

  /** Inserts `row` under `parentId` (the first column: family_id or child_id) and returns the new id. */
  private insert(table: Table, parentId: number | null, row: object): number {
    const values: unknown[] = parentId === null ? [] : [parentId]
    const columns = COLUMNS[table]
    for (let i = values.length; i < columns.length; i++)
      values.push((row as Record<string, unknown>)[columns[i]])
    return Number(this.statements[table].run(...values, ...this.stamps[table]).lastInsertRowid)
  }

  /** Writes one family and all that hangs from it; returns its id and its children's ids. */
  write(demo: DemoFamily): { familyId: number; childIds: number[] } {
    const familyId = this.insert('families', null, demo.family)
    for (const quotient of demo.quotients) this.insert('family_quotients', familyId, quotient)
    for (const guardian of demo.guardians) this.insert('guardians', familyId, guardian)
    const childIds = demo.children.map((child) => {
      const childId = this.insert('children', familyId, child.row)
      for (const person of demo.persons) this.insert('authorized_persons', childId, person)
      for (const line of child.vaccinations) this.insert('vaccinations', childId, line)
      for (const line of child.health) this.insert('health_conditions', childId, line)
      for (const line of child.enrolments) this.insert('enrolments', childId, line)
      this.counts.authorizedPersons += demo.persons.length
      this.counts.vaccinations += child.vaccinations.length
      this.counts.healthConditions += child.health.length
      this.counts.enrolments += child.enrolments.length
      return childId
    })
    this.counts.families++
    this.counts.quotients += demo.quotients.length
    this.counts.guardians += demo.guardians.length
    this.counts.children += demo.children.length
    return { familyId, childIds }
  }
}
