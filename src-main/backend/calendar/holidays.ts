import type { DB, SchoolZone } from '@db/schema'
import type { HolidayRow, holidayInput, MissingHolidays } from '@shared/contract/calendar'
import { nextSchoolYear, schoolYearOf } from '@shared/domain/days'
import { dayInFrance } from '@shared/format/date'
import type { z } from '@shared/zod'
import type { Kysely, Selectable } from 'kysely'
import { writeAudit } from '../audit/service'
import type { StaffContext } from '../context'
import { inTransaction } from '../db/transaction'
import { invalidField, notFound } from '../errors'
import { changesBetween } from './audit-changes'
import { staleVersion } from './conflict'
import { holidayDays } from './holiday-rule'

// School holiday periods per zone, as the official calendar gives them
// (docs/calendrier.md, « Vacances scolaires »): listed, added, corrected and
// deleted by hand, each change audited (entity type 'school_holiday').

type HolidayInput = z.output<typeof holidayInput>

export const HOLIDAY_LABELS = {
  zone: 'Zone',
  name: 'Nom de la période',
  kind: 'Type',
  schoolYear: 'Année scolaire',
  startsOn: 'Début (après la classe)',
  resumesOn: 'Reprise des cours (le matin)',
} as const

/** Where a period typed by staff comes from. */
export const MANUAL_SOURCE = 'saisie'

export function holidayRow(h: Selectable<DB['school_holidays']>): HolidayRow {
  const days = holidayDays(h)
  return {
    id: h.id,
    zone: h.zone,
    name: h.name,
    kind: h.kind,
    schoolYear: h.school_year,
    startsOn: h.starts_on,
    resumesOn: h.resumes_on,
    firstDay: days.first,
    lastDay: days.last,
    source: h.source,
    version: h.version,
  }
}

export function auditValues(h: {
  zone: string
  name: string
  kind: string
  school_year: string
  starts_on: string
  resumes_on: string | null
}) {
  return {
    zone: h.zone,
    name: h.name,
    kind: h.kind,
    schoolYear: h.school_year,
    startsOn: h.starts_on,
    resumesOn: h.resumes_on,
  }
}

export async function listHolidays(
  db: Kysely<DB>,
  filter: { zone?: SchoolZone; schoolYear?: string } = {},
): Promise<HolidayRow[]> {
  let q = db.selectFrom('school_holidays').selectAll().orderBy('zone').orderBy('starts_on')
  if (filter.zone) q = q.where('zone', '=', filter.zone)
  if (filter.schoolYear) q = q.where('school_year', '=', filter.schoolYear)
  return (await q.execute()).map(holidayRow)
}

export async function saveHoliday(ctx: StaffContext, input: HolidayInput): Promise<HolidayRow> {
  if (input.resumesOn !== null && input.resumesOn <= input.startsOn)
    throw invalidField('resumesOn', HOLIDAY_LABELS.resumesOn, 'doit être après le début')
  const schoolYear = input.schoolYear ?? schoolYearOf(input.startsOn)
  const id = await inTransaction(ctx.db, async (trx) => {
    const now = ctx.clock.now().toISOString()
    const same = await trx
      .selectFrom('school_holidays')
      .select('id')
      .where('zone', '=', input.zone)
      .where('school_year', '=', schoolYear)
      .where('name', '=', input.name)
      .executeTakeFirst()
    if (same && same.id !== input.id)
      throw invalidField(
        'name',
        HOLIDAY_LABELS.name,
        `cette période existe déjà pour la zone en ${schoolYear}`,
      )
    const values = {
      zone: input.zone,
      name: input.name,
      kind: input.kind,
      school_year: schoolYear,
      starts_on: input.startsOn,
      resumes_on: input.resumesOn,
    }
    if (input.id === undefined) {
      const row = await trx
        .insertInto('school_holidays')
        .values({ ...values, source: MANUAL_SOURCE, created_at: now, updated_at: now })
        .returning('id')
        .executeTakeFirstOrThrow()
      await writeAudit(trx, ctx.actor, ctx.clock, {
        action: 'school_holiday.create',
        entityType: 'school_holiday',
        entityId: row.id,
        entityVersion: 1,
        changes: changesBetween(HOLIDAY_LABELS, null, auditValues(values)),
      })
      return row.id
    }
    const before = await trx
      .selectFrom('school_holidays')
      .selectAll()
      .where('id', '=', input.id)
      .executeTakeFirst()
    if (!before) throw notFound('Période de vacances')
    const updated = await trx
      .updateTable('school_holidays')
      .set({ ...values, source: MANUAL_SOURCE, updated_at: now, version: before.version + 1 })
      .where('id', '=', input.id)
      .where('version', '=', input.version ?? -1)
      .executeTakeFirst()
    if (Number(updated.numUpdatedRows) === 0) throw staleVersion('La période de vacances')
    await writeAudit(trx, ctx.actor, ctx.clock, {
      action: 'school_holiday.update',
      entityType: 'school_holiday',
      entityId: input.id,
      entityVersion: before.version + 1,
      changes: changesBetween(HOLIDAY_LABELS, auditValues(before), auditValues(values)),
    })
    return input.id
  })
  const row = await ctx.db
    .selectFrom('school_holidays')
    .selectAll()
    .where('id', '=', id)
    .executeTakeFirstOrThrow()
  return holidayRow(row)
}

export async function deleteHoliday(ctx: StaffContext, input: { id: number; version: number }) {
  await inTransaction(ctx.db, async (trx) => {
    const before = await trx
      .selectFrom('school_holidays')
      .selectAll()
      .where('id', '=', input.id)
      .executeTakeFirst()
    if (!before) throw notFound('Période de vacances')
    const deleted = await trx
      .deleteFrom('school_holidays')
      .where('id', '=', input.id)
      .where('version', '=', input.version)
      .executeTakeFirst()
    if (Number(deleted.numDeletedRows) === 0) throw staleVersion('La période de vacances')
    await writeAudit(trx, ctx.actor, ctx.clock, {
      action: 'school_holiday.delete',
      entityType: 'school_holiday',
      entityId: input.id,
      entityVersion: before.version,
      changes: changesBetween(HOLIDAY_LABELS, auditValues(before), null),
    })
  })
  return { deleted: true as const }
}

const ZONE_NAMES: Record<SchoolZone, string> = {
  A: 'la zone A',
  B: 'la zone B',
  C: 'la zone C',
  Corse: 'la Corse',
}

/** How staff get the missing years in, said once for the screens and the agenda. */
export const HOW_TO_IMPORT =
  'Téléchargez le calendrier scolaire officiel (jeu de données « fr-en-calendrier-scolaire » sur data.education.gouv.fr, en CSV, JSON ou ICS) puis importez-le dans Calendrier → Vacances scolaires → « Importer le calendrier officiel » (ou « marelle calendar import FICHIER »), ou saisissez les périodes à la main.'

/**
 * The current and next school years (from `today`, a Paris day) for which
 * `zone` has no holiday period known: without them the agenda cannot show
 * the holidays, and says so.
 */
export async function missingHolidayYears(
  db: Kysely<DB>,
  zone: SchoolZone,
  today: string,
): Promise<string[]> {
  const current = schoolYearOf(today)
  const years = [current, nextSchoolYear(current)]
  const known = await db
    .selectFrom('school_holidays')
    .select('school_year')
    .distinct()
    .where('zone', '=', zone)
    .where('school_year', 'in', years)
    .execute()
  const have = new Set(known.map((k) => k.school_year))
  return years.filter((y) => !have.has(y))
}

/** The plain French sentence for missing years, or null. */
export function missingHolidaysMessage(zone: SchoolZone, years: string[]): string | null {
  if (years.length === 0) return null
  const list =
    years.length === 1 ? `l’année scolaire ${years[0]}` : `les années scolaires ${years.join(' et ')}`
  return `Les vacances scolaires de ${ZONE_NAMES[zone]} ne sont pas connues pour ${list} : l’agenda ne peut pas les montrer. ${HOW_TO_IMPORT}`
}

/** Missing years for one zone, or for each zone of an active structure. */
export async function missingHolidays(
  ctx: { db: Kysely<DB>; clock: { now(): Date } },
  zone?: SchoolZone,
): Promise<MissingHolidays[]> {
  const today = dayInFrance(ctx.clock.now())
  const zones: SchoolZone[] = zone
    ? [zone]
    : (
        await ctx.db
          .selectFrom('structures')
          .select('zone')
          .distinct()
          .where('active', '=', 1)
          .orderBy('zone')
          .execute()
      ).map((z) => z.zone)
  const result: MissingHolidays[] = []
  for (const z of zones) {
    const years = await missingHolidayYears(ctx.db, z, today)
    result.push({ zone: z, years, message: missingHolidaysMessage(z, years) })
  }
  return result
}
