import { describe, expect, it } from 'vitest'
import { monthLabel, monthsAround } from '../../src-shared/format/month'

describe('the month field’s list', () => {
  it('names months in French', () => {
    expect(monthLabel('2026-11')).toBe('novembre 2026')
    expect(monthLabel('2027-02')).toBe('février 2027')
  })

  it('runs across year ends, newest first', () => {
    expect(monthsAround('2026-01', 2, 1)).toEqual(['2026-02', '2026-01', '2025-12', '2025-11'])
    expect(monthsAround('2026-12', 1, 1)).toEqual(['2027-01', '2026-12', '2026-11'])
  })
})
