import { describe, expect, it } from 'vitest'
import { publicHolidayOn } from '../../src-main/backend/calendar/public-holidays'
import { inMask, weekdayOf } from '../../src-shared/domain/days'
import {
  type DeadlineRule,
  deadlineOf,
  deadlineRuleSchema,
  describeDeadline,
  describeDeadlineFor,
  isOnTime,
  parisClock,
  parisInstant,
} from '../../src-shared/domain/deadlines'

// Working days from the public holidays; opening days of a service open on
// Monday, Tuesday, Thursday and Friday outside public holidays.
const days = {
  isWorkingDay: (d: string) => weekdayOf(d) <= 5 && publicHolidayOn(d, false) === null,
  isOpeningDay: (d: string) => inMask(1 | 2 | 8 | 16, d) && publicHolidayOn(d, false) === null,
}

const rule = (r: DeadlineRule) => deadlineRuleSchema.parse(r)

describe('deadline rules', () => {
  it('2 working days before at 18:00 crosses a weekend and a public holiday', () => {
    // Tuesday 9 May 2017: Monday 8 May is a public holiday, then the weekend.
    const r = rule({ kind: 'days_before', days: 2, count: 'working', time: '18:00' })
    expect(deadlineOf(r, '2017-05-09', days)).toEqual({ day: '2017-05-04', time: '18:00' })
    // 18:00 in Paris in May is 16:00 UTC.
    expect(isOnTime(r, '2017-05-09', new Date('2017-05-04T15:59:00Z'), days)).toBe(true)
    expect(isOnTime(r, '2017-05-09', new Date('2017-05-04T16:00:59Z'), days)).toBe(true)
    expect(isOnTime(r, '2017-05-09', new Date('2017-05-04T16:01:00Z'), days)).toBe(false)
    expect(describeDeadlineFor(r, '2017-05-09', days)).toBe('jeudi 04/05/2017 à 18 h 00')
  })

  it('counts calendar days through weekends and holidays alike', () => {
    const r = rule({ kind: 'days_before', days: 2, count: 'calendar', time: '10:00' })
    expect(deadlineOf(r, '2017-05-09', days).day).toBe('2017-05-07')
  })

  it('counts the service’s opening days: Wednesday and the public holiday do not count', () => {
    const r = rule({ kind: 'days_before', days: 1, count: 'opening', time: '09:00' })
    expect(deadlineOf(r, '2017-05-09', days).day).toBe('2017-05-05')
    expect(deadlineOf(r, '2017-05-11', days).day).toBe('2017-05-09')
  })

  it('0 days before is the day itself', () => {
    const r = rule({ kind: 'days_before', days: 0, count: 'calendar', time: '09:30' })
    expect(deadlineOf(r, '2017-07-03', days)).toEqual({ day: '2017-07-03', time: '09:30' })
    expect(describeDeadline(r)).toBe('le jour même, à 09 h 30')
  })

  it('a weekday of the previous week: the Thursday before for the next week', () => {
    const r = rule({ kind: 'weekday_previous_week', weekday: 4, time: '12:00' })
    expect(deadlineOf(r, '2017-07-03', days).day).toBe('2017-06-29')
    expect(deadlineOf(r, '2017-07-09', days).day).toBe('2017-06-29')
    expect(deadlineOf(r, '2017-07-10', days).day).toBe('2017-07-06')
    expect(describeDeadline(r)).toBe('le jeudi de la semaine précédente, à 12 h 00')
  })

  it('the Nth of the previous month, the last day when the month is shorter', () => {
    const r = rule({ kind: 'day_of_previous_month', day: 31, time: '23:59' })
    expect(deadlineOf(r, '2017-03-15', days).day).toBe('2017-02-28')
    expect(deadlineOf(r, '2017-01-02', days).day).toBe('2016-12-31')
    expect(describeDeadline({ kind: 'day_of_previous_month', day: 1, time: '23:59' })).toBe(
      'le 1er du mois précédent, à 23 h 59',
    )
  })

  it('is read in Paris time, winter and summer, whatever the machine’s zone', () => {
    expect(parisInstant('2017-01-10', '18:00').toISOString()).toBe('2017-01-10T17:00:00.000Z')
    expect(parisInstant('2017-07-10', '18:00').toISOString()).toBe('2017-07-10T16:00:00.000Z')
    // 26 March 2017: clocks go from 02:00 to 03:00.
    expect(parisInstant('2017-03-26', '02:30').toISOString()).toBe('2017-03-26T01:30:00.000Z')
    expect(parisClock(new Date('2017-07-13T22:30:00Z'))).toEqual({ day: '2017-07-14', time: '00:30' })
  })

  it('gives the same instants whatever the machine’s time zone', () => {
    const saved = process.env.TZ
    const r = rule({ kind: 'days_before', days: 2, count: 'working', time: '18:00' })
    try {
      for (const tz of ['UTC', 'Europe/Paris', 'America/New_York', 'Pacific/Kiritimati']) {
        process.env.TZ = tz
        expect(parisInstant('2017-05-04', '18:00').toISOString(), tz).toBe('2017-05-04T16:00:00.000Z')
        expect(isOnTime(r, '2017-05-09', new Date('2017-05-04T16:00:30Z'), days), tz).toBe(true)
        expect(isOnTime(r, '2017-05-09', new Date('2017-05-04T16:01:00Z'), days), tz).toBe(false)
      }
    } finally {
      process.env.TZ = saved
    }
  })

  it('no rule: always on time', () => {
    expect(isOnTime(null, '2017-07-03', new Date('2030-01-01T00:00:00Z'), days)).toBe(true)
    expect(describeDeadline(null)).toBe('sans délai')
  })

  it('describes the rules in French', () => {
    expect(describeDeadline({ kind: 'days_before', days: 2, count: 'working', time: '18:00' })).toBe(
      '2 jours ouvrés avant, à 18 h 00',
    )
    expect(describeDeadline({ kind: 'days_before', days: 1, count: 'opening', time: '11:00' })).toBe(
      '1 jour d’ouverture du service avant, à 11 h 00',
    )
  })

  it('refuses a malformed rule with a French message', () => {
    const r = deadlineRuleSchema.safeParse({ kind: 'days_before', days: 2, count: 'working', time: '25:00' })
    expect(r.success).toBe(false)
    expect(JSON.stringify(r.error?.issues)).toContain('heure invalide')
  })
})
