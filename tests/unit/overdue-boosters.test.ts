import { describe, expect, it } from 'vitest'
import { overdueBoosters } from '../../src-renderer/screens/children/health/overdue-boosters'
import type { VaccinationView } from '../../src-shared/contract/children'

let nextId = 1
const vaccination = (
  vaccin: string,
  date: string,
  rappel: string | null,
  productName: string | null = vaccin,
) =>
  ({
    id: nextId++,
    version: 1,
    values: { vaccin, date, date_rappel: rappel },
    productName,
    diseases: [],
  }) as unknown as VaccinationView

describe('overdue boosters (issue 10 point 6)', () => {
  it('flags a booster past its day with no later injection of the same vaccine', () => {
    const pentacoq = vaccination('Pentacoq', '2014-06-12', '2017-07-01')
    const ror = vaccination('ROR', '2015-01-10', '2030-01-01')
    expect(overdueBoosters([pentacoq, ror], '2026-12-01')).toEqual([pentacoq])
    expect(overdueBoosters([pentacoq], '2017-07-01')).toEqual([])
  })
  it('does not flag it once the booster was given (same product, or same name when outside the catalogue)', () => {
    const first = vaccination('Pentacoq', '2014-06-12', '2017-07-01')
    const booster = vaccination('pentacoq', '2017-07-03', null, 'Pentacoq')
    expect(overdueBoosters([first, booster], '2026-12-01')).toEqual([])
    const other = vaccination('Vaccin X', '2014-01-01', '2015-01-01', null)
    const again = vaccination('vaccin x', '2015-02-01', null, null)
    expect(overdueBoosters([other, again], '2026-12-01')).toEqual([])
    expect(overdueBoosters([other, vaccination('Vaccin Y', '2015-02-01', null, null)], '2026-12-01')).toEqual(
      [other],
    )
  })
})
