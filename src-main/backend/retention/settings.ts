import type { DB } from '@db/schema'
import type { RetentionCutoffs, RetentionSettings } from '@shared/contract/retention'
import { dayInFrance } from '@shared/format/date'
import type { Kysely } from 'kysely'
import type { Actor, Clock } from '../context'
import { getSetting, setSetting } from '../settings/service'

// The retention periods (docs/conservation.md, « Durées ») and the cut-off
// dates a plan is computed with.

export async function readRetentionSettings(db: Kysely<DB>): Promise<RetentionSettings> {
  return {
    years: await getSetting(db, 'retention.years'),
    auditYears: await getSetting(db, 'retention.auditYears'),
    healthAccessYears: await getSetting(db, 'retention.healthAccessYears'),
    backupDays: await getSetting(db, 'retention.backupDays'),
  }
}

const KEYS = {
  years: 'retention.years',
  auditYears: 'retention.auditYears',
  healthAccessYears: 'retention.healthAccessYears',
  backupDays: 'retention.backupDays',
} as const

/** Saves the periods given (each change audited by setSetting), in the caller's transaction. */
export async function saveRetentionSettings(
  trx: Kysely<DB>,
  actor: Actor,
  clock: Clock,
  input: Partial<RetentionSettings>,
): Promise<void> {
  for (const key of Object.keys(KEYS) as (keyof RetentionSettings)[]) {
    const value = input[key]
    if (value !== undefined) await setSetting(trx, actor, clock, KEYS[key], value)
  }
}

/** 'YYYY-MM-DD' minus whole years (29 February becomes 28 February). */
export function yearsBefore(day: string, years: number): string {
  const [y, m, d] = day.split('-').map(Number)
  const year = y - years
  const last = new Date(Date.UTC(year, m, 0)).getUTCDate()
  return `${String(year).padStart(4, '0')}-${String(m).padStart(2, '0')}-${String(Math.min(d, last)).padStart(2, '0')}`
}

export function daysBefore(day: string, days: number): string {
  return new Date(Date.parse(`${day}T00:00:00Z`) - days * 86_400_000).toISOString().slice(0, 10)
}

/** The plan's dates, from today in France. */
export function cutoffsOf(settings: RetentionSettings, now: Date): RetentionCutoffs {
  const today = dayInFrance(now)
  return {
    leftOnOrBefore: yearsBefore(today, settings.years),
    auditBefore: yearsBefore(today, settings.auditYears),
    healthAccessBefore: yearsBefore(today, settings.healthAccessYears),
    backupsBefore: daysBefore(today, settings.backupDays),
  }
}
