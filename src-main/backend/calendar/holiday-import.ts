import type { DB } from '@db/schema'
import type { ImportedPeriod, ImportOutcome, ImportPreview } from '@shared/contract/calendar'
import type { Kysely, Selectable } from 'kysely'
import { writeAudit } from '../audit/service'
import type { StaffContext } from '../context'
import { inTransaction } from '../db/transaction'
import { invalidField } from '../errors'
import { changesBetween } from './audit-changes'
import { auditValues, HOLIDAY_LABELS } from './holidays'
import { type Converted, periodKey, toPeriods } from './official/convert'
import { ImportFileError } from './official/errors'
import { readOfficialFile } from './official/read'
import type { HolidayPeriodRow } from './official/records'

// Import of the official school calendar (docs/calendrier.md, « Importer le
// calendrier officiel »): the file is read and compared with the periods
// known, shown as a preview, then written in one transaction. A period
// already known with the same dates is left alone, so importing the same
// file twice adds nothing.

type Existing = Selectable<DB['school_holidays']>

export interface ImportPlan {
  preview: ImportPreview
  converted: Converted
  /** The row each period of the file matches, if any. */
  matches: (Existing | null)[]
}

/** Reads a file as the official calendar, or refuses it with a French message naming the file. */
export function convertOfficialFile(text: string, fileName: string) {
  try {
    const read = readOfficialFile(text, fileName)
    const converted = toPeriods(read.records)
    converted.ignored.unshift(...read.ignored)
    return { format: read.format, converted }
  } catch (error) {
    if (error instanceof ImportFileError) throw invalidField('text', `Fichier ${fileName}`, error.message)
    throw error
  }
}

function sameDates(a: { starts_on: string; resumes_on: string | null }, b: HolidayPeriodRow): boolean {
  return a.starts_on === b.starts_on && a.resumes_on === b.resumes_on
}

export async function planHolidayImport(db: Kysely<DB>, text: string, fileName: string): Promise<ImportPlan> {
  const { format, converted } = convertOfficialFile(text, fileName)
  const zones = [...new Set(converted.periods.map((p) => p.zone))]
  const existing = zones.length
    ? await db.selectFrom('school_holidays').selectAll().where('zone', 'in', zones).execute()
    : []
  const byKey = new Map(existing.map((e) => [periodKey(e), e]))
  const matches = converted.periods.map(
    (p) =>
      byKey.get(periodKey(p)) ??
      existing.find(
        (e) => e.zone === p.zone && e.school_year === p.school_year && e.starts_on === p.starts_on,
      ) ??
      null,
  )
  const periods: ImportedPeriod[] = converted.periods.map((p, i) => {
    const match = matches[i]
    return {
      zone: p.zone,
      name: p.name,
      kind: p.kind,
      schoolYear: p.school_year,
      startsOn: p.starts_on,
      resumesOn: p.resumes_on,
      status: !match ? 'nouvelle' : sameDates(match, p) ? 'identique' : 'modifiee',
      before: match ? { startsOn: match.starts_on, resumesOn: match.resumes_on } : null,
    }
  })
  const count = (s: ImportedPeriod['status']) => periods.filter((p) => p.status === s).length
  return {
    converted,
    matches,
    preview: {
      fileName,
      format,
      records: converted.records,
      periods,
      ignored: converted.ignored,
      counts: { nouvelles: count('nouvelle'), modifiees: count('modifiee'), identiques: count('identique') },
    },
  }
}

/** What the preview showed, written in one transaction with an audit entry per period added or changed. */
export async function applyHolidayImport(
  ctx: StaffContext,
  text: string,
  fileName: string,
): Promise<ImportOutcome> {
  return inTransaction(ctx.db, async (trx) => {
    const plan = await planHolidayImport(trx, text, fileName)
    const now = ctx.clock.now().toISOString()
    const source = `import : ${fileName}`.slice(0, 200)
    const outcome: ImportOutcome = { added: 0, updated: 0, unchanged: 0 }
    for (const [i, p] of plan.converted.periods.entries()) {
      const match = plan.matches[i]
      if (match && sameDates(match, p)) {
        outcome.unchanged++
        continue
      }
      if (!match) {
        const row = await trx
          .insertInto('school_holidays')
          .values({ ...p, source, created_at: now, updated_at: now })
          .returning('id')
          .executeTakeFirstOrThrow()
        await writeAudit(trx, ctx.actor, ctx.clock, {
          action: 'school_holiday.import',
          entityType: 'school_holiday',
          entityId: row.id,
          entityVersion: 1,
          changes: changesBetween(HOLIDAY_LABELS, null, auditValues(p)),
          note: `Import du calendrier officiel : ${fileName}`,
        })
        outcome.added++
        continue
      }
      await trx
        .updateTable('school_holidays')
        .set({
          starts_on: p.starts_on,
          resumes_on: p.resumes_on,
          source,
          updated_at: now,
          version: match.version + 1,
        })
        .where('id', '=', match.id)
        .execute()
      await writeAudit(trx, ctx.actor, ctx.clock, {
        action: 'school_holiday.import',
        entityType: 'school_holiday',
        entityId: match.id,
        entityVersion: match.version + 1,
        changes: changesBetween(
          HOLIDAY_LABELS,
          auditValues(match),
          auditValues({ ...match, ...p, name: match.name }),
        ),
        note: `Import du calendrier officiel : ${fileName}`,
      })
      outcome.updated++
    }
    return outcome
  })
}
