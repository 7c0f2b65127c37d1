import { readFileSync } from 'node:fs'
import { describe, expect, it } from 'vitest'
import { CSV_PATH, JSON_PATH, shippedPeriods } from '../../db/data/calendrier-scolaire/build-periods'

// The migration loads periodes.json; it must stay what the import's converter
// gives for the shipped CSV (regenerate it with build-periods.ts otherwise).

describe('school holidays shipped with Marelle', () => {
  it('periodes.json is the conversion of the shipped CSV', () => {
    expect(JSON.parse(readFileSync(JSON_PATH, 'utf8'))).toEqual(shippedPeriods())
  })

  it('holds zones A, B and C from 2015-2016 to 2025-2026, the summers as Grandes vacances', () => {
    const periods = shippedPeriods()
    const years = [...new Set(periods.map((p) => p.school_year))].sort()
    expect(years[0]).toBe('2015-2016')
    expect(years.at(-1)).toBe('2025-2026')
    expect(new Set(periods.map((p) => p.zone))).toEqual(new Set(['A', 'B', 'C']))
    const summers = periods.filter((p) => p.kind === 'grandes')
    expect(summers).toHaveLength(3 * years.length)
    expect(summers.every((p) => p.name === "Vacances d'Été")).toBe(true)
    expect(readFileSync(CSV_PATH, 'utf8').startsWith('description;population;start_date;end_date;')).toBe(
      true,
    )
  })

  it('keeps the corrections of the source: Pont de l’Ascension 2025 and 2026, pupils back on 1 September 2026', () => {
    const a = shippedPeriods().filter((p) => p.zone === 'A')
    const bridge = (year: string) => a.find((p) => p.school_year === year && p.name === "Pont de l'Ascension")
    expect(bridge('2024-2025')).toMatchObject({ starts_on: '2025-05-29', resumes_on: '2025-06-02' })
    expect(bridge('2025-2026')).toMatchObject({ starts_on: '2026-05-14', resumes_on: '2026-05-18' })
    expect(a.find((p) => p.school_year === '2025-2026' && p.kind === 'grandes')?.resumes_on).toBe(
      '2026-09-01',
    )
    expect(a.find((p) => p.school_year === '2016-2017' && p.kind === 'grandes')).toMatchObject({
      starts_on: '2017-07-08',
      resumes_on: '2017-09-04',
    })
  })
})
