import { readFileSync } from 'node:fs'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import { toPeriods } from '../../src-main/backend/calendar/official/convert'
import { parisDayOf } from '../../src-main/backend/calendar/official/paris-day'
import { readOfficialFile } from '../../src-main/backend/calendar/official/read'

// The official dataset in each of its shapes (tests/fixtures/calendar/README.md)
// gives the same periods: official start day, official resume day.

const FIXTURES = join(__dirname, '../fixtures/calendar')
const read = (name: string) => {
  const file = readOfficialFile(readFileSync(join(FIXTURES, name), 'utf8'), name)
  const converted = toPeriods(file.records)
  return { file, ...converted, ignored: [...file.ignored, ...converted.ignored] }
}
const brief = (periods: ReturnType<typeof toPeriods>['periods']) =>
  periods.map((p) => `${p.zone} ${p.school_year} ${p.name} ${p.kind} ${p.starts_on} → ${p.resumes_on}`)

const ZONE_A_2026_2027 = [
  'A 2026-2027 Vacances de la Toussaint petites 2026-10-17 → 2026-11-02',
  'A 2026-2027 Vacances de Noël petites 2026-12-19 → 2027-01-04',
  "A 2026-2027 Vacances d'Hiver petites 2027-02-06 → 2027-02-22",
  'A 2026-2027 Vacances de Printemps petites 2027-04-03 → 2027-04-19',
  "A 2026-2027 Pont de l'Ascension petites 2027-05-05 → 2027-05-10",
  // Pupils' row whose start equals its end: the end is not published yet.
  "A 2026-2027 Vacances d'Été grandes 2027-07-03 → null",
]

const CSV_PERIODS = [
  ...ZONE_A_2026_2027,
  'B 2026-2027 Vacances de la Toussaint petites 2026-10-17 → 2026-11-02',
  // Two pieces of one period, merged.
  "C 2026-2027 Vacances d'Hiver petites 2027-02-20 → 2027-03-08",
]

describe('official calendar files', () => {
  it('reads UTC stamps of Paris midnights as Paris days, in summer and winter time', () => {
    expect(parisDayOf('2025-10-17T22:00:00+00:00')).toBe('2025-10-18')
    expect(parisDayOf('2025-11-02T23:00:00+00:00')).toBe('2025-11-03')
    expect(parisDayOf('2026-10-17T00:00:00+02:00')).toBe('2026-10-17')
    expect(parisDayOf('2026-10-17')).toBe('2026-10-17')
    expect(parisDayOf('17/10/2026')).toBe('2026-10-17')
    expect(parisDayOf('2026-10-17T00:00:00')).toBeNull()
    expect(parisDayOf('')).toBeNull()
  })

  it('CSV with the API field names: académies merged, teachers and overseas left out, the bridge kept', () => {
    const r = read('calendrier-api.csv')
    expect(r.file.format).toBe('csv')
    expect(r.records).toBe(18)
    expect(brief(r.periods)).toEqual(CSV_PERIODS)
    expect(r.ignored.map((i) => `${i.where}: ${i.reason}`)).toEqual([
      'ligne 16: période des enseignants (seule celle des élèves compte)',
      'ligne 18: période des enseignants (seule celle des élèves compte)',
      'ligne 19: zone « Guadeloupe » : Marelle garde les zones A, B, C et Corse',
    ])
  })

  it('CSV with the French column labels and a byte-order mark gives the same periods', () => {
    const r = read('calendrier-libelles.csv')
    expect(brief(r.periods)).toEqual(CSV_PERIODS)
  })

  it('the JSON export gives the same periods', () => {
    const r = read('calendrier.json')
    expect(r.file.format).toBe('json')
    expect(brief(r.periods)).toEqual(CSV_PERIODS)
  })

  it('the JSON of the older API (records under "fields") is read too', () => {
    const records = JSON.parse(readFileSync(join(FIXTURES, 'calendrier.json'), 'utf8')) as object[]
    const wrapped = JSON.stringify(
      records.map((fields, i) => ({ datasetid: 'x', recordid: String(i), fields })),
    )
    expect(brief(toPeriods(readOfficialFile(wrapped, 'export.json').records).periods)).toEqual(CSV_PERIODS)
  })

  it('a per-zone ICS file: all-day dates, « Début des … » as a start without end, teachers left out', () => {
    const r = read('Zone-A.ics')
    expect(r.file.format).toBe('ics')
    expect(brief(r.periods)).toEqual(ZONE_A_2026_2027)
    expect(r.ignored.map((i) => i.reason)).toEqual([
      'période des enseignants (seule celle des élèves compte)',
    ])
  })

  it('the combined ICS: UTC stamps, one event for several zones, a period in pieces', () => {
    const r = read('Zone-A-B-C-Corse.ics')
    expect(brief(r.periods)).toEqual([
      'A 2026-2027 Vacances de la Toussaint petites 2026-10-17 → 2026-11-02',
      "A 2026-2027 Vacances d'Hiver petites 2027-02-06 → 2027-02-22",
      'B 2026-2027 Vacances de la Toussaint petites 2026-10-17 → 2026-11-02',
      'C 2026-2027 Vacances de la Toussaint petites 2026-10-17 → 2026-11-02',
      "C 2026-2027 Vacances d'Hiver petites 2027-02-13 → 2027-03-08",
      'Corse 2026-2027 Vacances de la Toussaint petites 2026-10-17 → 2026-11-02',
    ])
    expect(r.ignored.map((i) => i.description)).toEqual(['Lundi de Pentecôte'])
  })

  it('refuses a CSV that is not the official calendar, naming the missing columns', () => {
    expect(() => readOfficialFile('nom;prenom\nA;B\n', 'familles.csv')).toThrow(
      /colonne\(s\) manquante\(s\) : description \(Description\), start_date \(Date de début\), zones \(Zones\)/,
    )
    expect(() => readOfficialFile('{"a": 1}', 'x.json')).toThrow(/n’est pas l’export du calendrier scolaire/)
    expect(() => readOfficialFile('BEGIN:VCALENDAR\nEND:VCALENDAR\n', 'x.ics')).toThrow(/aucun événement/)
  })
})
