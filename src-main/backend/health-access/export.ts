import { writeFileSync } from 'node:fs'
import {
  type HealthAccessFile,
  type HealthAccessFilters,
  type HealthAccessRow,
  healthReadSource,
} from '@shared/contract/health-access'
import { dayInFrance, formatDay, formatInstant } from '@shared/format/date'
import { writeAudit } from '../audit/service'
import type { StaffContext } from '../context'
import { writeCsvTable } from '../csv/writer'
import { inTransaction } from '../db/transaction'
import { forbidden } from '../errors'
import { requireDesktop } from '../jobs/handlers'
import { healthReads } from './query'

// The access log as a CSV file for Excel (csv/writer.ts), with the filters
// of the screen; the export is itself an audit entry (docs/donnees-de-sante.md).

type Filters = Omit<HealthAccessFilters, 'beforeId' | 'limit'>

export const HEALTH_ACCESS_EXPORT_ACTION = 'health-access.export'

const COLUMNS = [
  'Date et heure',
  'Membre du personnel',
  'Lecture',
  'Enfant',
  'Identifiant enfant',
  'N° famille',
  'Demande',
  'Détail',
  'Origine',
] as const

function cells(row: HealthAccessRow): string[] {
  return [
    formatInstant(row.at),
    row.actor,
    row.kind === 'view' ? 'Consultation' : 'Lecture groupée',
    row.childName ?? '',
    row.childIdentifier ?? '',
    row.familyNumber ?? '',
    row.requestRef ?? '',
    row.note,
    healthReadSource(row.source),
  ]
}

/** « du 01/11/2026 au 30/11/2026, famille 383304832264 », for the audit entry. */
function filtersText(f: Filters, staffName: string | null): string {
  const parts = [
    f.from ? `du ${formatDay(f.from)}` : '',
    f.to ? `au ${formatDay(f.to)}` : '',
    staffName ? `par ${staffName}` : '',
    f.family ? `famille ${f.family}` : '',
    f.child ? `enfant ${f.child}` : '',
  ].filter(Boolean)
  return parts.length > 0 ? parts.join(', ') : 'toutes les lectures'
}

const PAGE = 5000

export async function exportHealthReads(
  ctx: StaffContext,
  input: Filters & { path?: string },
): Promise<HealthAccessFile> {
  const { path, ...filters } = input
  const rows: string[][] = []
  let beforeId: number | undefined
  for (;;) {
    const page = await healthReads(ctx.db, filters, { beforeId, limit: PAGE })
    for (const row of page) rows.push(cells(row))
    if (page.length < PAGE) break
    beforeId = page[page.length - 1].id
  }
  const bytes = writeCsvTable(COLUMNS, rows)
  const fileName = `acces-donnees-de-sante-${dayInFrance(ctx.clock.now())}.csv`
  if (path !== undefined && !requireDesktop(ctx).consumeGrant(path))
    throw forbidden('Ce fichier n’a pas été choisi dans la fenêtre d’enregistrement.')
  const staff =
    filters.staffId === undefined
      ? null
      : await ctx.db
          .selectFrom('staff')
          .select('display_name')
          .where('id', '=', filters.staffId)
          .executeTakeFirst()
  await inTransaction(ctx.db, (trx) =>
    writeAudit(trx, ctx.actor, ctx.clock, {
      action: HEALTH_ACCESS_EXPORT_ACTION,
      entityType: 'health-access',
      note: `Export du journal des accès aux données de santé (${filtersText(filters, staff?.display_name ?? null)}) : ${rows.length} ${rows.length > 1 ? 'lignes' : 'ligne'}`,
    }),
  )
  if (path === undefined)
    return { fileName, base64: Buffer.from(bytes).toString('base64'), rows: rows.length }
  writeFileSync(path, bytes)
  return { fileName, base64: null, rows: rows.length }
}
