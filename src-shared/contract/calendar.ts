import { type DeadlineRule, deadlineRuleSchema } from '../domain/deadlines'
import type { Option } from '../domain/options'
import { integer, requiredDay, requiredOption, requiredText, text } from '../validation/values'
import { z } from '../zod'
import { channel } from './define'

// The structures' calendar (docs/calendrier.md): structures and their
// services, school holidays per zone (with the import of the official
// calendar), closures and exceptional openings.

export const SCHOOL_ZONES = ['A', 'B', 'C', 'Corse'] as const
export type SchoolZoneCode = (typeof SCHOOL_ZONES)[number]
export const ZONE_OPTIONS: Option<SchoolZoneCode>[] = [
  { value: 'A', label: 'Zone A' },
  { value: 'B', label: 'Zone B' },
  { value: 'C', label: 'Zone C' },
  { value: 'Corse', label: 'Corse' },
]

export const SERVICE_KINDS = [
  { value: 'accueil_matin', label: 'Accueil du matin' },
  { value: 'accueil_soir', label: 'Accueil du soir' },
  { value: 'periscolaire', label: 'Périscolaire' },
  { value: 'restauration', label: 'Restauration' },
  { value: 'mercredi', label: 'Mercredi' },
  { value: 'accueil_loisirs', label: 'Accueil de loisirs' },
  { value: 'autre', label: 'Autre' },
] as const satisfies readonly Option[]
export type ServiceKindCode = (typeof SERVICE_KINDS)[number]['value']

export const ATTENDANCE_OPTIONS = [
  { value: 'regulier', label: 'Jours réguliers (semaine type)' },
  { value: 'reservation', label: 'Sur réservation uniquement' },
] as const satisfies readonly Option[]

export const LATE_POLICY_OPTIONS = [
  { value: 'refuse', label: 'Refusée' },
  { value: 'staff', label: 'Laissée à l’appréciation des agents' },
] as const satisfies readonly Option[]

export const UNPLANNED_OPTIONS = [
  { value: 'heure_hors_contrat', label: 'Heure hors contrat' },
  { value: 'reservation_hors_contrat', label: 'Réservations hors contrat' },
] as const satisfies readonly Option[]

export const HOLIDAY_KINDS = [
  { value: 'petites', label: 'Petites vacances' },
  { value: 'grandes', label: 'Grandes vacances' },
] as const satisfies readonly Option[]

export const PERIOD_KINDS = [
  { value: 'fermeture', label: 'Fermeture' },
  { value: 'ouverture', label: 'Ouverture exceptionnelle' },
] as const satisfies readonly Option[]

/** A different capacity over a date range. */
export interface CapacityRange {
  startsOn: string
  endsOn: string
  capacity: number
}

export interface ServiceRow {
  id: number
  structureId: number
  name: string
  code: string
  kind: ServiceKindCode
  /** Weekday mask (Monday = 1 … Sunday = 64) in term time. */
  termWeekdays: number
  /** Weekday mask in the school holidays (0: closed in the holidays). */
  holidayWeekdays: number
  /** Places per day; null: no limit. */
  capacity: number | null
  capacities: CapacityRange[]
  attendance: 'regulier' | 'reservation'
  /** Deadline rules (src-shared/domain/deadlines.ts); null: none. */
  bookingDeadline: DeadlineRule | null
  cancelDeadline: DeadlineRule | null
  latePolicy: 'refuse' | 'staff'
  billsLateAbsence: boolean
  justificationDays: number
  unplannedState: 'heure_hors_contrat' | 'reservation_hors_contrat'
  active: boolean
  version: number
}

export interface StructureRow {
  id: number
  name: string
  zone: SchoolZoneCode
  alsaceMoselle: boolean
  active: boolean
  version: number
  services: ServiceRow[]
}

export interface HolidayRow {
  id: number
  zone: SchoolZoneCode
  name: string
  kind: 'petites' | 'grandes'
  schoolYear: string
  /** Official start day: holidays start after class that day. */
  startsOn: string
  /** Official resume day: classes resume that morning; null while not published. */
  resumesOn: string | null
  /** First and last days without class (last null while the end is not published). */
  firstDay: string
  lastDay: string | null
  source: string
  version: number
}

export interface PeriodRow {
  id: number
  structureId: number
  structureName: string
  /** null: the whole structure. */
  serviceId: number | null
  serviceName: string | null
  kind: 'fermeture' | 'ouverture'
  startsOn: string
  endsOn: string
  label: string | null
  version: number
}

export interface ImportedPeriod {
  zone: SchoolZoneCode
  name: string
  kind: 'petites' | 'grandes'
  schoolYear: string
  startsOn: string
  resumesOn: string | null
  /** nouvelle: added; modifiee: dates changed; identique: already known, nothing to do. */
  status: 'nouvelle' | 'modifiee' | 'identique'
  before: { startsOn: string; resumesOn: string | null } | null
}

export interface ImportPreview {
  fileName: string
  format: 'csv' | 'json' | 'ics'
  /** Records read in the file, before merging the académies and pieces. */
  records: number
  periods: ImportedPeriod[]
  ignored: { where: string; description: string; reason: string }[]
  counts: { nouvelles: number; modifiees: number; identiques: number }
}

export interface ImportOutcome {
  added: number
  updated: number
  unchanged: number
}

/** The school years (current and next) for which a zone has no holidays known. */
export interface MissingHolidays {
  zone: SchoolZoneCode
  years: string[]
  /** Plain French, with how to import them; null when nothing is missing. */
  message: string | null
}

const id = z.number().int().positive()
const version = z.number().int().positive().describe('Version')
const mask = (label: string) => z.number().int().min(0).max(127).describe(label)
const zone = requiredOption('Zone', ZONE_OPTIONS)
const schoolYear = z
  .string()
  .trim()
  .regex(/^\d{4}-\d{4}$/, 'année scolaire attendue sous la forme 2025-2026')
  .refine((v) => Number(v.slice(5)) === Number(v.slice(0, 4)) + 1, 'les deux années doivent se suivre')
  .describe('Année scolaire')

const RULE_PARTS: Record<string, string> = {
  kind: 'type de règle',
  days: 'nombre de jours',
  count: 'jours comptés',
  time: 'heure',
  weekday: 'jour de la semaine',
  day: 'jour du mois',
}

/** A deadline rule or null, refused with a message that names the field (« Délai de réservation : heure … »). */
function deadline(label: string) {
  return z
    .unknown()
    .transform((value, ctx): DeadlineRule | null => {
      if (value === null || value === undefined) return null
      const parsed = deadlineRuleSchema.safeParse(value)
      if (parsed.success) return parsed.data
      for (const issue of parsed.error.issues) {
        const key = String(issue.path.at(-1) ?? '')
        const part = RULE_PARTS[key]
        const message =
          key === 'kind'
            ? 'type de règle inconnu'
            : part && !issue.message.includes(part)
              ? `${part} : ${issue.message}`
              : issue.message
        ctx.addIssue({ code: 'custom', message })
      }
      return z.NEVER
    })
    .describe(label)
}

const capacityRange = z
  .object({
    startsOn: requiredDay('Du'),
    endsOn: requiredDay('Au'),
    capacity: integer('Places', 0, 100_000).pipe(z.number({ message: 'obligatoire' })),
  })
  .strict()

export const structureInput = z
  .object({
    id: id.optional(),
    version: version.optional(),
    name: requiredText('Nom de la structure', 120),
    zone,
    alsaceMoselle: z.boolean().describe('Alsace-Moselle'),
  })
  .strict()

export const serviceInput = z
  .object({
    id: id.optional(),
    version: version.optional(),
    structureId: id.describe('Structure'),
    name: requiredText('Nom du service', 120),
    code: z
      .string()
      .trim()
      .min(1)
      .max(30)
      .regex(/^[A-Za-z0-9_.-]+$/, 'lettres, chiffres, « - », « _ » ou « . » sans espace')
      .describe('Code'),
    kind: requiredOption('Type de service', SERVICE_KINDS),
    termWeekdays: mask('Jours d’ouverture en période scolaire'),
    holidayWeekdays: mask('Jours d’ouverture pendant les vacances'),
    capacity: integer('Capacité par jour', 0, 100_000),
    capacities: z.array(capacityRange).max(100).describe('Capacités sur une période'),
    attendance: requiredOption('Fréquentation', ATTENDANCE_OPTIONS),
    bookingDeadline: deadline('Délai de réservation'),
    cancelDeadline: deadline('Délai d’annulation'),
    latePolicy: requiredOption('Demande hors délai', LATE_POLICY_OPTIONS),
    billsLateAbsence: z.boolean().describe('Absence hors délai facturée'),
    justificationDays: integer('Délai de justification (jours)', 0, 365).pipe(
      z.number({ message: 'obligatoire' }),
    ),
    unplannedState: requiredOption('Présence sans réservation', UNPLANNED_OPTIONS),
  })
  .strict()

export const holidayInput = z
  .object({
    id: id.optional(),
    version: version.optional(),
    zone,
    name: requiredText('Nom de la période', 80),
    kind: requiredOption('Type', HOLIDAY_KINDS),
    schoolYear: schoolYear.optional(),
    startsOn: requiredDay('Début (après la classe)'),
    resumesOn: z
      .union([requiredDay('Reprise des cours (le matin)'), z.null()])
      .describe('Reprise des cours (le matin)'),
  })
  .strict()

export const periodInput = z
  .object({
    id: id.optional(),
    version: version.optional(),
    structureId: id.describe('Structure'),
    serviceId: id.nullable().describe('Service'),
    kind: requiredOption('Type', PERIOD_KINDS),
    startsOn: requiredDay('Du'),
    endsOn: requiredDay('Au'),
    label: text('Motif', 200),
  })
  .strict()

const importFile = z
  .object({
    text: z.string().min(1, 'le fichier est vide').describe('Fichier'),
    fileName: z.string().trim().min(1).max(260).describe('Nom du fichier'),
  })
  .strict()

const IMPORT_MAX_BYTES = 16 * 1024 * 1024

export const calendarChannels = {
  /** Every structure with its services; archived ones on demand. */
  'calendar/structures': channel(z.object({ includeArchived: z.boolean().optional() }).strict()).returns<
    StructureRow[]
  >(),
  'calendar/saveStructure': channel(structureInput, { access: 'responsable' }).returns<StructureRow>(),
  /** Archives (active false) or restores a structure. */
  'calendar/archiveStructure': channel(z.object({ id, version, active: z.boolean() }).strict(), {
    access: 'responsable',
  }).returns<StructureRow>(),
  'calendar/saveService': channel(serviceInput, { access: 'responsable' }).returns<ServiceRow>(),
  'calendar/archiveService': channel(z.object({ id, version, active: z.boolean() }).strict(), {
    access: 'responsable',
  }).returns<ServiceRow>(),

  'calendar/holidays': channel(
    z.object({ zone: zone.optional(), schoolYear: schoolYear.optional() }).strict(),
  ).returns<HolidayRow[]>(),
  'calendar/saveHoliday': channel(holidayInput, { access: 'responsable' }).returns<HolidayRow>(),
  'calendar/deleteHoliday': channel(z.object({ id, version }).strict(), { access: 'responsable' }).returns<{
    deleted: true
  }>(),
  /** Reads an official file (CSV, JSON or ICS) and says what importing it would do; writes nothing. */
  'calendar/previewImport': channel(importFile, {
    access: 'responsable',
    maxBytes: IMPORT_MAX_BYTES,
  }).returns<ImportPreview>(),
  'calendar/applyImport': channel(importFile, {
    access: 'responsable',
    maxBytes: IMPORT_MAX_BYTES,
  }).returns<ImportOutcome>(),
  /** The zones (of the active structures, or the one given) whose current or next school year has no holidays. */
  'calendar/missingHolidays': channel(z.object({ zone: zone.optional() }).strict()).returns<
    MissingHolidays[]
  >(),
  'calendar/publicHolidays': channel(
    z
      .object({ year: z.number().int().min(1900).max(2200).describe('Année'), alsaceMoselle: z.boolean() })
      .strict(),
  ).returns<{ date: string; name: string }[]>(),

  'calendar/periods': channel(z.object({ structureId: id.optional() }).strict()).returns<PeriodRow[]>(),
  'calendar/savePeriod': channel(periodInput, { access: 'responsable' }).returns<PeriodRow>(),
  'calendar/deletePeriod': channel(z.object({ id, version }).strict(), { access: 'responsable' }).returns<{
    deleted: true
  }>(),
}
