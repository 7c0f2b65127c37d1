import type { SchoolZone } from '@db/schema'
import { schoolYearOf } from '@shared/domain/days'
import { looseKey } from '../../csv/header'
import type { HolidayPeriodRow, IgnoredRecord, OfficialRecord } from './records'

// From the official records to Marelle's periods (docs/calendrier.md):
// - the rows of teachers (« Enseignants ») are left out, those of pupils
//   (« Élèves ») and of everyone (« - ») kept;
// - a period appears once per académie: the rows of one zone, school year and
//   name become one period, and so do the pieces of one period (the earliest
//   start, the latest resume day);
// - a record whose start equals its end is a start whose end is not published
//   yet (resumes_on null);
// - zones other than A, B, C and Corse (overseas) are left out.

const ZONES: Record<string, SchoolZone> = { zonea: 'A', zoneb: 'B', zonec: 'C', corse: 'Corse' }

/** 'Zone A' → 'A', 'Corse' → 'Corse'; null for a zone Marelle does not keep. */
export function zoneOf(text: string): SchoolZone | null {
  return ZONES[looseKey(text)] ?? null
}

function words(text: string): string[] {
  return text
    .normalize('NFKD')
    .replace(/\p{M}/gu, '')
    .toLowerCase()
    .split(/[^a-z0-9]+/)
}

/** Summer holidays are the Grandes vacances; every other period Petites vacances. */
export function kindOf(name: string): 'petites' | 'grandes' {
  const w = words(name)
  return w.includes('ete') || w.includes('grandes') ? 'grandes' : 'petites'
}

function isHolidayName(name: string): boolean {
  const w = words(name)
  return w.includes('vacances') || w.includes('pont') || w.includes('conges')
}

/** The key under which two periods are the same one: zone, school year, name (case and accents aside). */
export function periodKey(p: { zone: string; school_year: string; name: string }): string {
  return `${p.zone}|${p.school_year}|${looseKey(p.name)}`
}

/** « Début des Vacances d'Été » (a start whose end is not published) is the period « Vacances d'Été ». */
function cleanName(description: string): string {
  const name = description
    .trim()
    .replace(/\s+/g, ' ')
    .replace(/^d[ée]but\s+des?\s+/i, '')
  return name.charAt(0).toUpperCase() + name.slice(1)
}

export interface Converted {
  periods: HolidayPeriodRow[]
  ignored: IgnoredRecord[]
  /** Records read, before merging. */
  records: number
}

interface Piece {
  start: string
  end: string | null
}

export function toPeriods(records: OfficialRecord[]): Converted {
  const ignored: IgnoredRecord[] = []
  const groups = new Map<
    string,
    { row: Omit<HolidayPeriodRow, 'starts_on' | 'resumes_on'>; pieces: Piece[] }
  >()
  const skip = (r: OfficialRecord, reason: string) =>
    ignored.push({ where: r.where, description: r.description, reason })
  for (const r of records) {
    const name = cleanName(r.description)
    if (!isHolidayName(name)) {
      skip(r, 'ce n’est pas une période de vacances')
      continue
    }
    if (looseKey(r.population).startsWith('enseignant')) {
      skip(r, 'période des enseignants (seule celle des élèves compte)')
      continue
    }
    const zone = zoneOf(r.zones)
    if (!zone) {
      skip(r, `zone « ${r.zones || 'non indiquée'} » : Marelle garde les zones A, B, C et Corse`)
      continue
    }
    if (!r.start) {
      skip(r, 'date de début absente ou illisible')
      continue
    }
    if (r.end !== null && r.end < r.start) {
      skip(r, 'date de fin avant la date de début')
      continue
    }
    const schoolYear = /^\d{4}-\d{4}$/.test(r.schoolYear.trim()) ? r.schoolYear.trim() : schoolYearOf(r.start)
    const row = { zone, name, kind: kindOf(name), school_year: schoolYear }
    const key = periodKey(row)
    const group = groups.get(key) ?? { row, pieces: [] }
    group.pieces.push({ start: r.start, end: r.end === r.start ? null : r.end })
    groups.set(key, group)
  }
  const periods = [...groups.values()].map(({ row, pieces }) => ({ ...row, ...merge(pieces) }))
  periods.sort((a, b) => a.zone.localeCompare(b.zone) || a.starts_on.localeCompare(b.starts_on))
  return { periods, ignored, records: records.length }
}

/** One period from its pieces: the earliest start; the latest end, unless a later piece has none yet. */
function merge(pieces: Piece[]): { starts_on: string; resumes_on: string | null } {
  // Days as aaaa-mm-jj sort as text.
  const starts_on = pieces.map((p) => p.start).sort()[0]
  const lastEnd =
    pieces
      .map((p) => p.end)
      .filter((e): e is string => e !== null)
      .sort()
      .at(-1) ?? null
  const openAfter = pieces.some((p) => p.end === null && (lastEnd === null || p.start >= lastEnd))
  return { starts_on, resumes_on: openAfter ? null : lastEnd }
}
