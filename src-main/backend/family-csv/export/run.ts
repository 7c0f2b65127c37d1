import type { ExportResult, ExportScope } from '@shared/contract/csv'
import { dayInFrance } from '@shared/format/date'
import { traceHealthReads } from '../../ipc/health-trace'
import { matchExpression } from '../../search/match-query'
import { canSeeFinance, canSeeHealth } from '../../settings/service'
import type { RunContext } from '../run-context'
import { ticker } from '../run-context'
import { countRows, type ExportedFile, exportedKeys, exportFile, type FamilySelection } from './collect'
import { checkTarget, type ExportForm, writeExport } from './target'

export interface ExportRequest {
  scope: ExportScope
  path: string
  form: ExportForm
  /** True when staff already confirmed replacing the .zip (desktop save dialog). */
  overwrite: boolean
}

/** The families of the Familles list as staff see it: all, those ticked, or those a search finds. */
function selectionOf(ctx: RunContext, scope: ExportScope): FamilySelection {
  if (scope.kind === 'all') return null
  if (scope.kind === 'families') return scope.ids
  const match = matchExpression(scope.query)
  if (match === null) return null
  return ctx.sqlite
    .prepare('SELECT rowid FROM family_search WHERE family_search MATCH ?')
    .pluck()
    .all(match) as number[]
}

function scopeLabel(scope: ExportScope): string {
  if (scope.kind === 'all') return 'toutes les familles'
  if (scope.kind === 'families')
    return `${scope.ids.length} famille${scope.ids.length > 1 ? 's' : ''} choisie${scope.ids.length > 1 ? 's' : ''}`
  return `familles de la recherche « ${scope.query} »`
}

/**
 * Exports the families chosen to the six files, in one read transaction so
 * that the files agree with each other while staff keep working.
 */
export async function runExport(ctx: RunContext, request: ExportRequest): Promise<ExportResult> {
  const healthAllowed = await canSeeHealth(ctx.db, ctx.actor)
  // Without the right, familles.csv leaves out the bank and tax columns (docs/fichiers-csv.md).
  const financeAllowed = await canSeeFinance(ctx.db, ctx.actor)
  const keys = exportedKeys(healthAllowed)
  const selection = selectionOf(ctx, request.scope)
  await checkTarget(request.path, request.form, request.overwrite)
  const today = dayInFrance(ctx.clock.now())
  const files = ctx.sqlite
    .transaction(() => {
      ctx.progress({ phase: 'Export', done: 0, total: countRows(ctx.sqlite, keys, selection) })
      const { tick } = ticker(ctx, 2000)
      return keys.map(
        (key): ExportedFile =>
          exportFile(ctx.sqlite, key, { selection, healthAllowed, financeAllowed, today, tick }),
      )
    })
    .deferred()
  ctx.throwIfCancelled()
  ctx.progress({ phase: 'Enregistrement des fichiers' })
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
