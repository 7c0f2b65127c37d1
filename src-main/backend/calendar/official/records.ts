import type { SchoolZone } from '@db/schema'

// One record of the official dataset "fr-en-calendrier-scolaire", whatever
// file it came from (CSV, JSON export, ICS), with its dates already read as
// Paris days (docs/calendrier.md, « Import du calendrier officiel »).

export interface OfficialRecord {
  /** Where it came from, for the preview: « ligne 12 », « événement 3 ». */
  where: string
  /** « Vacances de la Toussaint », « Pont de l'Ascension »… */
  description: string
  /** « - », « Élèves » or « Enseignants ». */
  population: string
  /** The official start day: holidays start after class on this day. */
  start: string | null
  /** The official resume day: classes resume that morning. */
  end: string | null
  /** The académie, or '' when the file does not say (ICS per zone). */
  location: string
  /** « Zone A », « Corse »… as written in the file. */
  zones: string
  /** « 2025-2026 », or '' when the file does not say. */
  schoolYear: string
}

/** A school holiday period as Marelle stores it (table school_holidays). */
export interface HolidayPeriodRow {
  zone: SchoolZone
  name: string
  kind: 'petites' | 'grandes'
  school_year: string
  starts_on: string
  resumes_on: string | null
}

/** A record left out of the import, and why (in French). */
export interface IgnoredRecord {
  where: string
  description: string
  reason: string
}

/** What a file holds once read: its records, and what could not be read at all. */
export interface ReadFile {
  format: 'csv' | 'json' | 'ics'
  records: OfficialRecord[]
  ignored: IgnoredRecord[]
}
