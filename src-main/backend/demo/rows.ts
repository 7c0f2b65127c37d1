import type {
  AuthorizedPersonsTable,
  ChildrenTable,
  EnrolmentsTable,
  FamiliesTable,
  FamilyQuotientsTable,
  GuardiansTable,
  HealthConditionsTable,
  VaccinationsTable,
} from '@db/schema'
import type { Selectable } from 'kysely'

// The rows the demo writes, typed from the schema: every column but the id,
// the parent's id and the stamps, which the writer adds.
type Row<Table, Left extends keyof Selectable<Table> = never> = Omit<
  Selectable<Table>,
  'id' | 'created_at' | 'updated_at' | 'version' | Left
>

/** Left out: the archived state, which triggers keep from the children's leaving days, and retention's mark. */
export type FamilyRow = Row<FamiliesTable, 'archived_on' | 'anonymised_at'>
export type QuotientRow = Row<FamilyQuotientsTable, 'family_id'>
export type GuardianRow = Row<GuardiansTable, 'family_id'>
/** Left out: what only staff set (validation, care needs, leaving day). */
export type ChildRow = Row<
  ChildrenTable,
  | 'family_id'
  | 'specific_care'
  | 'file_validated_at'
  | 'file_validated_by'
  | 'left_on'
  | 'provisional_admission_on'
  // Computed from the rest of the file (completeness/coverage.ts).
  | 'file_gaps'
  | 'vaccines_covered_on'
  | 'complete_from'
  | 'complete_until'
  // Set by retention only (retention/), when it anonymises the child.
  | 'anonymised_at'
  | 'birth_year'
>
export type PersonRow = Row<AuthorizedPersonsTable, 'child_id'>
export type VaccinationRow = Row<VaccinationsTable, 'child_id'>
export type HealthRow = Row<HealthConditionsTable, 'child_id'>
/** Current enrolments: no end, state left to its default (validée). */
export type EnrolmentRow = Row<EnrolmentsTable, 'child_id' | 'ends_on' | 'state' | 'alternate_from'>

export type Address = Pick<
  GuardianRow,
  'address_line1' | 'address_line2' | 'address_line3' | 'locality' | 'postal_code' | 'city'
>

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
