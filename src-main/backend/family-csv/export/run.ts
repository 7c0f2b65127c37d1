import type { ExportResult, ExportScope } from '@shared/contract/csv'
import { dayInFrance } from '@shared/format/date'
import { traceHealthReads } from '../../ipc/health-trace'
import { searchTerms } from '../../search/match-query'
import type { IndexedList } from '../../search/page'
import { canSeeFinance, canSeeHealth } from '../../settings/service'
import type { RunContext } from '../run-context'
import { ticker } from '../run-context'
import { exportedKeys, exportFiles, type FamilySelection } from './collect'
import { checkTarget, type ExportForm, writeExport } from './target'

export interface ExportRequest {
  scope: ExportScope
  path: string
  form: ExportForm
  /** True when staff already confirmed replacing the .zip (desktop save dialog). */
  overwrite: boolean
}

/** The ids of the families a search finds, archived ones too: the Familles list's search, as ids. */
const familyIds: IndexedList<{ id: number }, number> = {
  kind: 'family',
  table: 'families',
  rowsSql: 'SELECT page.id AS id FROM page',
  familyOf: 'o.family_id',
  archivedCountSql: 'SELECT count(*) FROM families a WHERE a.archived_on <= @today',
  toRow: (raw) => Number(raw.id),
}

/** More than a commune has families: the search's page holds them all. */
const EVERY_MATCH = 2_000_000_000

/** The families of the Familles list as staff see it: all, those ticked, or those a search finds. */
async function selectionOf(ctx: RunContext, scope: ExportScope, today: string): Promise<FamilySelection> {
  if (scope.kind === 'all') return null
  if (scope.kind === 'families') return scope.ids
  if (searchTerms(scope.query).length === 0) return null
  const found = await ctx.storage.search.page(familyIds, {
    query: scope.query,
    limit: EVERY_MATCH,
    offset: 0,
    includeArchived: true,
    today,
  })
  return found.rows
}

function scopeLabel(scope: ExportScope): string {
  if (scope.kind === 'all') return 'toutes les familles'
  if (scope.kind === 'families')
    return `${scope.ids.length} famille${scope.ids.length > 1 ? 's' : ''} choisie${scope.ids.length > 1 ? 's' : ''}`
  return `familles de la recherche « ${scope.query} »`
}

/**
 * Exports the families chosen to the six files, in one read transaction so
 * that the files agree with each other while staff keep working; the same
 * on a file and on a server (docs/architecture.md, « Mode serveur »).
 */
export async function runExport(ctx: RunContext, request: ExportRequest): Promise<ExportResult> {
  const healthAllowed = await canSeeHealth(ctx.db, ctx.actor)
  // Without the right, familles.csv leaves out the bank and tax columns (docs/fichiers-csv.md).
  const financeAllowed = await canSeeFinance(ctx.db, ctx.actor)
  const keys = exportedKeys(healthAllowed)
  const today = dayInFrance(ctx.clock.now())
  const selection = await selectionOf(ctx, request.scope, today)
  await checkTarget(request.path, request.form, request.overwrite)
  const { tick } = ticker(ctx, 2000)
  // Read only, on one snapshot (SQLite: a deferred transaction, which WAL keeps
  // at its first read; PostgreSQL: REPEATABLE READ), so that the files agree
  // with each other while staff keep working, and nobody waits for the export.
  const files = await ctx.db
    .transaction()
    .setIsolationLevel('repeatable read')
    .setAccessMode('read only')
    .execute((trx) =>
      exportFiles(trx, keys, {
        selection,
        healthAllowed,
        financeAllowed,
        today,
        counted: (total) => ctx.progress({ phase: 'Export', done: 0, total }),
        tick,
      }),
    )
  ctx.throwIfCancelled()
  ctx.progress({ phase: 'Enregistrement des fichiers', done: files.reduce((sum, f) => sum + f.rows, 0) })
  await writeExport(files, request.path, request.form, ctx.clock.now())
  // vaccinations.csv, sante.csv and the health columns of enfants.csv are a bulk read: traced
  // like any other (docs/donnees-de-sante.md). Without the right they are left out, not refused.
  if (healthAllowed)
    await traceHealthReads(
      ctx.db,
      ctx.actor,
      ctx.clock,
      {
        bulk: { scope: scopeLabel(request.scope), count: files.find((f) => f.key === 'enfants')?.rows ?? 0 },
      },
      'export CSV des familles',
    )
  return {
    families: files[0].rows,
    files: files.map((f) => ({ name: f.name, rows: f.rows })),
    path: request.path,
    download: null,
    healthOmitted: !healthAllowed,
  }
}
