import { resolve } from 'node:path'
import type { ImportReport } from '@shared/contract/csv'
import type { StaffContext } from '../../backend/context'
import { formatProblem } from '../../backend/csv/index'
import { runExport } from '../../backend/family-csv/export/run'
import { formOf } from '../../backend/family-csv/export/target'
import { runImport } from '../../backend/family-csv/import/run'
import { openSources } from '../../backend/family-csv/import/sources'
import type { RunContext } from '../../backend/family-csv/run-context'
import { type Command, EXIT_OK, EXIT_REJECTED, type Output, UsageError } from '../command'

// `export families` and `import families`: the same services as the Import /
// Export screen, run inline. Phases go to stderr (stdout stays clean for
// --json); the exit code says whether the files were accepted.

function inline(ctx: StaffContext, io: Output): RunContext {
  let phase = ''
  return {
    ...ctx,
    progress(update) {
      if (update.phase && update.phase !== phase) {
        phase = update.phase
        io.err(`${phase}…`)
      }
    },
    throwIfCancelled() {},
  }
}

export const exportFamiliesCommand: Command = {
  name: 'export families',
  summary:
    'Exporte toutes les familles dans les six fichiers CSV (un dossier, ou une archive si le chemin finit par .zip).',
  usage: 'export families --out CHEMIN',
  options: { out: { type: 'string' } },
  requiredOptions: ['out'],
  database: 'migrated',
  async run(ctx, { values }, io) {
    const path = resolve(String(values.out))
    const result = await runExport(inline(ctx, io), {
      scope: { kind: 'all' },
      path,
      form: formOf(path),
      overwrite: false,
    })
    io.out(`Export écrit : ${path} (${result.families} familles).`)
    for (const file of result.files) io.out(`  ${file.name} : ${file.rows} lignes`)
    if (result.healthOmitted) io.out('Données de santé non exportées : votre rôle ne permet pas de les voir.')
    return EXIT_OK
  },
}

const COUNT_LABELS: Record<keyof ImportReport['counts'], string> = {
  familles: 'Familles',
  responsables: 'Responsables',
  enfants: 'Enfants',
  personnesAutorisees: 'Personnes autorisées',
  vaccinations: 'Vaccinations',
  sante: 'Santé',
}

function printReport(report: ImportReport, dryRun: boolean, io: Output): void {
  for (const file of report.files)
    io.out(
      `${file.name} : ${file.rows} lignes${file.encoding ? `, ${file.encoding}, séparateur ${file.separator}` : ''}`,
    )
  for (const [key, label] of Object.entries(COUNT_LABELS)) {
    const c = report.counts[key as keyof typeof COUNT_LABELS]
    io.out(`${label.padEnd(22)} ${c.added} à ajouter, ${c.changed} à modifier, ${c.unchanged} inchangés`)
  }
  for (const problem of report.problems) io.err(formatProblem(problem))
  if (report.problemCount > 0)
    io.err(`${report.problemCount} problème${report.problemCount > 1 ? 's' : ''} : rien n’a été écrit.`)
  else if (report.written) io.out(`Import écrit (${report.auditEntries} entrées au journal d’audit).`)
  else if (dryRun) io.out('Essai (--dry-run) : rien n’a été écrit.')
  else io.out('Rien à modifier : la base contient déjà ces données.')
}

export const importFamiliesCommand: Command = {
  name: 'import families',
  summary:
    'Importe des fichiers CSV de familles (ou une archive .zip) : tout est vérifié d’abord, puis écrit en une seule transaction s’il n’y a aucun problème.',
  usage: 'import families FICHIER... [--dry-run] [--json]',
  options: { 'dry-run': { type: 'boolean' }, json: { type: 'boolean' } },
  database: 'migrated',
  async run(ctx, { values, positionals }, io) {
    if (positionals.length === 0) throw new UsageError('Donnez au moins un fichier à importer.')
    const dryRun = values['dry-run'] === true
    const { sources, problems } = await openSources(positionals.map((p) => resolve(p)))
    const report = await runImport(inline(ctx, io), { sources, sourceProblems: problems, write: !dryRun })
    if (values.json === true) {
      const { mappingTargets: _targets, ...rest } = report
      io.out(JSON.stringify(rest, null, 2))
    } else printReport(report, dryRun, io)
    return report.problemCount > 0 ? EXIT_REJECTED : EXIT_OK
  },
}
