import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import { earliestRunningAdmission, provisionalDeadline } from '../../src-main/backend/completeness/countdown'

const isoDay = fc
  .integer({ min: Date.UTC(2015, 0, 1), max: Date.UTC(2035, 11, 31) })
  .map((ms) => new Date(ms).toISOString().slice(0, 10))

describe('provisional admission countdown', () => {
  it('gives three months, clamped to the end of a shorter month', () => {
    expect(provisionalDeadline('2026-09-15')).toBe('2026-12-15')
    expect(provisionalDeadline('2025-11-30')).toBe('2026-02-28')
  })

  it('finds the earliest admission day still running, around month ends too', () => {
    expect(earliestRunningAdmission('2026-05-31')).toBe('2026-03-01')
    expect(earliestRunningAdmission('2026-02-28')).toBe('2025-11-28')
    expect(earliestRunningAdmission('2026-11-27')).toBe('2026-08-27')
  })

  it('agrees with the deadline for any pair of days', () => {
    fc.assert(
      fc.property(isoDay, isoDay, (today, admitted) => {
        const running = provisionalDeadline(admitted) >= today
        expect(admitted >= earliestRunningAdmission(today)).toBe(running)
      }),
      { numRuns: 2000 },
    )
  })
})
