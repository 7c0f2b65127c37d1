import type { Generated } from 'kysely'

// Typed view of the database for kysely. Booleans are stored as 0/1,
// dates as 'YYYY-MM-DD', instants as ISO 8601 strings in UTC.
type Flag = number
type Stamps = { created_at: string; updated_at: string; version: Generated<number> }

export interface StaffTable extends Stamps {
  id: Generated<number>
  login: string
  display_name: string
  role: 'agent' | 'responsable' | 'administrateur'
  password_hash: string
  active: Generated<Flag>
  failed_attempts: Generated<number>
  locked_until: string | null
  last_login_at: string | null
  must_change_password: Generated<Flag>
}

export interface SettingsTable {
  key: string
  value: string
  updated_at: string
  updated_by: number | null
}

export interface AuditLogTable {
  id: Generated<number>
  at: string
  staff_id: number | null
  actor: string
  action: string
  entity_type: string
  entity_id: number | null
  entity_version: number | null
  family_id: number | null
  child_id: number | null
  request_id: number | null
  changes: string | null
  note: string | null
  /** Health reads: the screen's channel or the command that read them (migration 20261202-0200-departure). */
  source: string | null
}

export interface FamiliesTable extends Stamps {
  id: Generated<number>
  number: string
  caf_organisation: 'CAF' | 'MSA' | 'autre' | null
  caf_number: string | null
  tax_reference_income: number | null
  tax_shares: number | null
  bank_holder: string | null
  bank_name: string | null
  iban: string | null
  bic: string | null
  sepa_rum: string | null
  sepa_signed_on: string | null
  direct_debit: Generated<Flag>
  /** The day the last child left, once every child has left; archived from that day (docs/depart-et-archivage.md). */
  archived_on: Generated<string | null>
  /** Set when retention anonymised the family (migration 20261202-0300-retention, docs/conservation.md). */
  anonymised_at: Generated<string | null>
}

export interface FamilyQuotientsTable {
  id: Generated<number>
  family_id: number
  qf: number
  valid_from: string
  valid_to: string | null
  created_at: string
}

export interface GuardiansTable extends Stamps {
  id: Generated<number>
  family_id: number
  role: 'responsable' | 'conjoint'
  civility: string | null
  last_name: string
  first_name: Generated<string>
  quality: string | null
  marital_status: string | null
  address_line1: string | null
  address_line2: string | null
  address_line3: string | null
  locality: string | null
  postal_code: string | null
  city: string | null
  home_phone: string | null
  work_phone: string | null
  mobile_phone: string | null
  email: string | null
  profession: string | null
  csp: string | null
  employer: string | null
  employer_address: string | null
  consent_email: Generated<Flag>
  consent_sms: Generated<Flag>
}

export interface ChildrenTable extends Stamps {
  id: Generated<number>
  family_id: number
  identifier: string
  last_name: string
  first_name: string
  sex: 'F' | 'M' | null
  birth_date: string | null
  birth_place: string | null
  school: string | null
  class_level: string | null
  diet: string | null
  pai: Generated<Flag>
  pai_valid_until: string | null
  pai_packed_meal: Generated<Flag>
  pai_details: string | null
  specific_care: string | null
  doctor_name: string | null
  doctor_phone: string | null
  health_form_completed_on: string | null
  file_validated_at: string | null
  file_validated_by: number | null
  left_on: string | null
  provisional_admission_on: string | null
  /** Completeness checks that fail whatever the day (bits, completeness/query.ts); NULL: to compute again. */
  file_gaps: number | null
  /** First day the vaccinations cover every mandatory disease; NULL: they never do. */
  vaccines_covered_on: string | null
  /** Days the child attends with a complete file: from..until (NULL: open); both NULL: none or not known (migration completeness-window). */
  complete_from: Generated<string | null>
  complete_until: Generated<string | null>
  /** Set when retention anonymised the child; birth_year keeps the year once birth_date is erased. */
  anonymised_at: Generated<string | null>
  birth_year: Generated<number | null>
}

export interface AuthorizedPersonsTable extends Stamps {
  id: Generated<number>
  child_id: number
  last_name: string
  first_name: Generated<string>
  relationship: string
  phone: string | null
  mobile: string | null
  can_pick_up: Generated<Flag>
  emergency_contact: Generated<Flag>
  pickup_forbidden: Generated<Flag>
  notes: string | null
}

export interface VaccineProductsTable {
  id: Generated<number>
  name: string
  active: Generated<Flag>
}

export interface VaccineProductDiseasesTable {
  product_id: number
  disease: string
}

export interface VaccinationsTable extends Stamps {
  id: Generated<number>
  child_id: number
  product_id: number | null
  vaccine_name: string
  vaccinated_on: string
  dose: string | null
  lot: string | null
  booster_on: string | null
  doctor: string | null
}

export interface HealthConditionsTable extends Stamps {
  id: Generated<number>
  child_id: number
  kind: 'maladie' | 'allergie' | 'contre_indication'
  label: string
  allergen: string | null
  details: string | null
}

export type SchoolZone = 'A' | 'B' | 'C' | 'Corse'

export interface StructuresTable extends Stamps {
  id: Generated<number>
  name: string
  zone: Generated<SchoolZone>
  alsace_moselle: Generated<Flag>
  active: Generated<Flag>
}

export type ServiceKind =
  | 'accueil_matin'
  | 'accueil_soir'
  | 'periscolaire'
  | 'restauration'
  | 'mercredi'
  | 'accueil_loisirs'
  | 'autre'

/** Weekday masks: Monday = 1, Tuesday = 2, … Sunday = 64. Deadlines are JSON (src-shared/domain/deadlines.ts). */
export interface ServicesTable extends Stamps {
  id: Generated<number>
  structure_id: number
  name: string
  code: string
  kind: ServiceKind
  term_weekdays: Generated<number>
  holiday_weekdays: Generated<number>
  capacity: number | null
  attendance: Generated<'regulier' | 'reservation'>
  booking_deadline: string | null
  cancel_deadline: string | null
  late_policy: Generated<'refuse' | 'staff'>
  bills_late_absence: Generated<Flag>
  justification_days: Generated<number>
  unplanned_state: Generated<'heure_hors_contrat' | 'reservation_hors_contrat'>
  active: Generated<Flag>
}

export interface ServiceCapacitiesTable extends Stamps {
  id: Generated<number>
  service_id: number
  starts_on: string
  ends_on: string
  capacity: number
}

export interface CalendarPeriodsTable extends Stamps {
  id: Generated<number>
  structure_id: number
  service_id: number | null
  kind: 'ouverture' | 'fermeture'
  starts_on: string
  ends_on: string
  label: string | null
}

/** Official rule: holidays start after class on starts_on; classes resume the morning of resumes_on. */
export interface SchoolHolidaysTable extends Stamps {
  id: Generated<number>
  zone: SchoolZone
  name: string
  kind: 'petites' | 'grandes'
  school_year: string
  starts_on: string
  resumes_on: string | null
  source: string
}

export interface EnrolmentsTable extends Stamps {
  id: Generated<number>
  child_id: number
  service_id: number
  starts_on: string
  ends_on: string | null
  weekdays: Generated<number>
  /** One week in two, counted from this Monday; null: every week. */
  alternate_from: string | null
  state: Generated<'en_attente' | 'validee' | 'refusee' | 'terminee'>
}

export type RequestState = 'pending' | 'validated' | 'refused' | 'partial' | 'replaced' | 'closed'
export type RequestChannel = 'portail' | 'papier' | 'téléphone'

export interface RequestsTable extends Stamps {
  id: Generated<number>
  ref: string
  channel: RequestChannel
  submitted_at: string
  submitted_at_utc: string
  received_at: string
  family_id: number
  child_id: number | null
  kind: string
  payload: string
  seen: string | null
  comment: string | null
  needs_review: Generated<Flag>
  state: Generated<RequestState>
  replaced_by: number | null
  entered_by: number | null
  decided_at: string | null
  decided_by: number | null
  reply: string | null
  subject: Generated<string>
  resolution: string | null
  /** 0: received on paper or by phone on that day, at a time nobody entered (migration 20261201-1100-request-time-known). */
  submitted_time_known: Generated<Flag>
}

export interface RequestItemsTable {
  id: Generated<number>
  request_id: number
  position: number
  field: string
  seen_value: string | null
  requested_value: string | null
  applied_value: string | null
  outcome: Generated<'pending' | 'accepted' | 'refused'>
  reason: string | null
}

export interface AgendaExceptionsTable extends Stamps {
  id: Generated<number>
  child_id: number
  service_id: number
  day: string
  state: string
  request_id: number | null
  note: string | null
  booked: Generated<Flag>
  late: Generated<Flag>
  late_reason: string | null
  justification: string | null
  justified_on: string | null
}

/** Dates of pending agenda requests, while they are pending. */
export interface AgendaRequestDaysTable {
  request_id: number
  day: string
  child_id: number
  service_id: number
  action: 'reservation.add' | 'reservation.cancel' | 'absence.declare'
}

/** An animateur's mark on the day's list; picked_up_name keeps who came even if the person is deleted later. */
export interface AttendanceMarksTable extends Stamps {
  id: Generated<number>
  child_id: number
  service_id: number
  day: string
  presence: 'present' | 'absent'
  arrived_at: string | null
  left_at: string | null
  picked_up_by: number | null
  picked_up_name: string | null
}

/** "Journée validée": an expected child with no mark counts as present. */
export interface AttendanceDaysTable {
  service_id: number
  day: string
  validated_at: string
  validated_by: number | null
}

/** A meal order sent to the kitchen; children is the JSON list counted then. */
export interface KitchenOrdersTable {
  id: Generated<number>
  service_id: number
  day: string
  sent_at: string
  sent_by: number | null
  total: number
  children: string
}

export interface MessagesTable {
  id: Generated<number>
  family_id: number
  request_id: number | null
  subject: string
  body: string
  created_at: string
  created_by: number | null
  exported_at: string | null
  /** Stable id for the portal (migration messages); filled by a trigger when a writer omits it. */
  public_id: Generated<string>
  child_id: number | null
  state: Generated<'brouillon' | 'a_envoyer' | 'transmis' | 'imprime'>
  channel: Generated<'portail' | 'courrier'>
  template_id: number | null
  batch_id: string | null
  health_data: Generated<Flag>
  sent_at: string | null
  printed_at: string | null
  updated_at: Generated<string>
  version: Generated<number>
}

export interface MessageTemplatesTable extends Stamps {
  id: Generated<number>
  code: string
  title: string
  subject: string
  body: string
  health_data: Generated<Flag>
  archived_at: string | null
}

/** Search indexes (migration family-search): the FTS5 tables are read by src-main/backend/search only. */
/** Requests per state, kept by triggers (migration request-state-counts). */
export interface RequestStateCountsTable {
  state: string
  n: number
}

/** Requests per state and kind, and how many of them need a review (migration request-kind-counts). */
export interface RequestKindCountsTable {
  state: string
  kind: string
  n: number
  needs_review: number
}

export interface SearchControlTable {
  id: number
  paused: Flag
}

export interface FamilySearchOrderTable {
  family_id: number
  sort_key: string
}

export interface ChildSearchOrderTable {
  child_id: number
  sort_key: string
}

/** Column mappings of foreign CSV files, by set of headers (migration 20261130-0900). */
export interface CsvColumnMappingsTable {
  id: Generated<number>
  header_key: string
  headers: string
  targets: string
  updated_at: string
  updated_by: number | null
}

/** Billing (docs/facturation.md, migration 20261201-1700-billing); amounts in integer cents. */
export type TariffUnit = 'acte' | 'demi_heure' | 'heure' | 'demi_journee' | 'journee' | 'forfait_mensuel'

export interface TariffsTable extends Stamps {
  id: Generated<number>
  service_id: number
  valid_from: string
  valid_to: string | null
  unit: TariffUnit
  absent_share_pct: Generated<number>
  surcharge_pct: Generated<number>
  third_child_discount_pct: Generated<number>
  cesu_accepted: Generated<Flag>
  deliberation_ref: string
  deliberation_date: string
}

/** Half-open bracket [qf_min, next qf_min); the top one also covers a family with no valid QF. */
export interface TariffBracketsTable {
  tariff_id: number
  qf_min: number
  price_cents: number
}

export interface InvoiceSequencesTable {
  year: number
  last_number: number
}

export interface InvoicesTable {
  id: Generated<number>
  family_id: number
  month: string
  number: string
  issued_on: string
  due_on: string
  debit_on: string | null
  sepa_rum: string | null
  total_cents: number
  previous_balance_cents: number
  note: string | null
  status: Generated<'emise' | 'annulee'>
  cancelled_on: string | null
  cancel_reason: string | null
  replaces_id: number | null
  sepa_batch_id: number | null
  created_at: string
}

export interface InvoiceLinesTable {
  id: Generated<number>
  invoice_id: number
  child_id: number | null
  service_id: number | null
  period: string
  kind: 'acte' | 'correction' | 'reduction'
  state: string
  quantity: number
  unit_cents: number
  amount_cents: number
  qf: number | null
  bracket: string | null
  label: string
}

export type PaymentMode =
  | 'especes'
  | 'cheque'
  | 'cesu'
  | 'cheques_vacances'
  | 'virement'
  | 'carte'
  | 'prelevement'

export interface PaymentsTable {
  id: Generated<number>
  family_id: number
  kind: 'paiement' | 'remboursement'
  mode: PaymentMode
  paid_on: string
  amount_cents: number
  reference: string | null
  created_at: string
  created_by: number | null
}

export interface PaymentAllocationsTable {
  payment_id: number
  invoice_id: number
  amount_cents: number
}

export interface SepaBatchesTable {
  id: Generated<number>
  message_id: string
  collection_date: string
  pain_version: string
  transactions: number
  total_cents: number
  created_at: string
  created_by: number | null
}

/** A mandate already used once: its next debits are RCUR. */
export interface SepaMandateUsesTable {
  family_id: number
  rum: string
  first_batch_id: number
}

/** A retention plan (docs/conservation.md): cut-offs, counts per table, fingerprint of the rows covered. */
export interface RetentionPlansTable {
  id: Generated<number>
  created_at: string
  created_by: number | null
  cutoffs: string
  summary: string
  fingerprint: string
  applied_at: string | null
  applied_by: number | null
  backup_name: string | null
}

/** SHA-256 digests of anonymised family numbers and child identifiers: a CSV re-import is refused. */
export interface AnonymisedIdentifiersTable {
  kind: 'family' | 'child'
  digest: string
  anonymised_at: string
}

export interface DB {
  staff: StaffTable
  settings: SettingsTable
  audit_log: AuditLogTable
  families: FamiliesTable
  family_quotients: FamilyQuotientsTable
  guardians: GuardiansTable
  children: ChildrenTable
  authorized_persons: AuthorizedPersonsTable
  vaccine_products: VaccineProductsTable
  vaccine_product_diseases: VaccineProductDiseasesTable
  vaccinations: VaccinationsTable
  health_conditions: HealthConditionsTable
  structures: StructuresTable
  services: ServicesTable
  service_capacities: ServiceCapacitiesTable
  calendar_periods: CalendarPeriodsTable
  school_holidays: SchoolHolidaysTable
  enrolments: EnrolmentsTable
  requests: RequestsTable
  request_items: RequestItemsTable
  agenda_exceptions: AgendaExceptionsTable
  agenda_request_days: AgendaRequestDaysTable
  messages: MessagesTable
  message_templates: MessageTemplatesTable
  attendance_marks: AttendanceMarksTable
  attendance_days: AttendanceDaysTable
  kitchen_orders: KitchenOrdersTable
  search_control: SearchControlTable
  request_state_counts: RequestStateCountsTable
  request_kind_counts: RequestKindCountsTable
  family_search_order: FamilySearchOrderTable
  child_search_order: ChildSearchOrderTable
  csv_column_mappings: CsvColumnMappingsTable
  tariffs: TariffsTable
  tariff_brackets: TariffBracketsTable
  invoice_sequences: InvoiceSequencesTable
  invoices: InvoicesTable
  invoice_lines: InvoiceLinesTable
  payments: PaymentsTable
  payment_allocations: PaymentAllocationsTable
  sepa_batches: SepaBatchesTable
  sepa_mandate_uses: SepaMandateUsesTable
  retention_plans: RetentionPlansTable
  anonymised_identifiers: AnonymisedIdentifiersTable
}
