import { dayInFrance } from '../format/date'
import { day, requiredDay } from './values'

// Days that cannot be after today: a birth, a health form filled in, a vaccine
// given. "Today" is the day in France (docs: one today for every date rule).

const FUTURE = 'ne peut pas être après aujourd’hui'

const notFuture = (v: string | null) => v === null || v <= dayInFrance(new Date())

/** Like day(), refusing a day after today. */
export function pastDay(label: string, message = FUTURE) {
  return day(label).refine(notFuture, { message }).describe(label)
}

/** Like requiredDay(), refusing a day after today. */
export function requiredPastDay(label: string, message = FUTURE) {
  return requiredDay(label).refine(notFuture, { message }).describe(label)
}
