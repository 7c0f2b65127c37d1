import { describe, expect, it } from 'vitest'
import { cutoffsOf, daysBefore, yearsBefore } from '../../src-main/backend/retention/settings'

describe('retention cut-off dates', () => {
  it('go back whole years, 29 February becoming 28 February', () => {
    expect(yearsBefore('2026-12-02', 3)).toBe('2023-12-02')
    expect(yearsBefore('2028-02-29', 3)).toBe('2025-02-28')
    expect(yearsBefore('2028-02-29', 4)).toBe('2024-02-29')
    expect(daysBefore('2026-03-01', 30)).toBe('2026-01-30')
  })

  it('count from the day in France, not in UTC', () => {
    // 23:30 UTC on 1 December is already 2 December in Paris.
    const cutoffs = cutoffsOf(
      { years: 3, auditYears: 6, healthAccessYears: 1, backupDays: 30 },
      new Date('2026-12-01T23:30:00Z'),
    )
    expect(cutoffs).toEqual({
      leftOnOrBefore: '2023-12-02',
      auditBefore: '2020-12-02',
      healthAccessBefore: '2025-12-02',
      backupsBefore: '2026-11-02',
    })
  })
})
