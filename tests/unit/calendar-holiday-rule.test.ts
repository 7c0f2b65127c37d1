import { describe, expect, it } from 'vitest'
import { holidayDays, isHolidayDay } from '../../src-main/backend/calendar/holiday-rule'

// The official rule: holidays start after class on the start day, classes
// resume in the morning of the resume day (docs/calendrier.md).

const days = (p: Parameters<typeof isHolidayDay>[0], list: string[]) => list.filter((d) => isHolidayDay(p, d))

describe('the official holiday rule', () => {
  it('summer 2017, zone A: start on Saturday 8 July, so the 8th is already a holiday', () => {
    const summer = {
      name: "Vacances d'Été",
      kind: 'grandes' as const,
      starts_on: '2017-07-08',
      resumes_on: '2017-09-04',
    }
    expect(days(summer, ['2017-07-07', '2017-07-08', '2017-07-09', '2017-09-03', '2017-09-04'])).toEqual([
      '2017-07-08',
      '2017-07-09',
      '2017-09-03',
    ])
    expect(holidayDays(summer)).toEqual({ first: '2017-07-08', last: '2017-09-03' })
  })

  it('Toussaint 2016: start on Wednesday 19 October after class, the Wednesday is a school day', () => {
    const toussaint = {
      name: 'Toussaint',
      kind: 'petites' as const,
      starts_on: '2016-10-19',
      resumes_on: '2016-11-03',
    }
    expect(days(toussaint, ['2016-10-19', '2016-10-20', '2016-11-02', '2016-11-03'])).toEqual([
      '2016-10-20',
      '2016-11-02',
    ])
    expect(holidayDays(toussaint)).toEqual({ first: '2016-10-20', last: '2016-11-02' })
  })

  it('a period whose resume day is not published runs on', () => {
    const open = {
      name: "Vacances d'Été",
      kind: 'grandes' as const,
      starts_on: '2027-07-03',
      resumes_on: null,
    }
    expect(days(open, ['2027-07-02', '2027-07-03', '2027-12-31'])).toEqual(['2027-07-03', '2027-12-31'])
    expect(holidayDays(open)).toEqual({ first: '2027-07-03', last: null })
  })
})
