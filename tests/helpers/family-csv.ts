import { writeFileSync } from 'node:fs'
import { join } from 'node:path'
import iconv from 'iconv-lite'
import { sql } from 'kysely'
import { commandLineActor } from '../../src-main/backend/auth/actor'
import type { Actor } from '../../src-main/backend/context'
import { runExport } from '../../src-main/backend/family-csv/export/run'
import { formOf } from '../../src-main/backend/family-csv/export/target'
import { runImport } from '../../src-main/backend/family-csv/import/run'
import { openSources } from '../../src-main/backend/family-csv/import/sources'
import type { RunContext } from '../../src-main/backend/family-csv/run-context'
import type { ExportScope, ImportReport } from '../../src-shared/contract/csv'
import type { TestBackend } from './backend'
import { sqliteOf } from './sqlite'

// Import and export as the jobs run them, called inline on a test backend.

export const CLI_ACTOR = commandLineActor('test')

export function runContext(
  backend: TestBackend,
  actor: Actor = CLI_ACTOR,
  phases: string[] = [],
): RunContext {
  return {
    ...backend.context(actor),
    progress(update) {
      if (update.phase && update.phase !== phases.at(-1)) phases.push(update.phase)
    },
    throwIfCancelled() {},
  }
}

export async function exportTo(
  backend: TestBackend,
  path: string,
  scope: ExportScope = { kind: 'all' },
  actor?: Actor,
) {
  return runExport(runContext(backend, actor), { scope, path, form: formOf(path), overwrite: false })
}

export async function importFiles(
  backend: TestBackend,
  paths: string[],
  options: { write?: boolean; mappings?: Record<string, (string | null)[]>; actor?: Actor } = {},
): Promise<ImportReport> {
  const { sources, problems } = await openSources(paths)
  return runImport(runContext(backend, options.actor), {
    sources,
    sourceProblems: problems,
    mappings: options.mappings,
    write: options.write ?? true,
  })
}

/** Writes a CSV file from lines of cells (";" separated, CRLF), in UTF-8 or Windows-1252. */
export function writeCsv(
  dir: string,
  name: string,
  rows: string[][],
  encoding: 'utf8' | 'windows-1252' = 'utf8',
): string {
  const text = `${rows.map((cells) => cells.join(';')).join('\r\n')}\r\n`
  const path = join(dir, name)
  writeFileSync(path, encoding === 'utf8' ? text : iconv.encode(text, 'windows-1252'))
  return path
}

/** Counts of a report, per kind, as [added, changed, unchanged]. */
export function countsOf(report: ImportReport) {
  return Object.fromEntries(
    Object.entries(report.counts).map(([k, c]) => [k, [c.added, c.changed, c.unchanged]]),
  )
}

/**
 * The rows of a SELECT written in SQL both engines run (docs/architecture.md,
 * « Mode serveur »), through the backend's kysely: the file, or a server.
 */
export async function selectRows(backend: TestBackend, text: string): Promise<Record<string, unknown>[]> {
  const result = await sql.raw<Record<string, unknown>>(text).execute(backend.services.db)
  return result.rows
}

/** @deprecated SQLite only (the file's connection): use selectRows, which runs on both engines. */
export function rowsOf(backend: TestBackend, text: string): Record<string, unknown>[] {
  return sqliteOf(backend.services).prepare(text).all() as Record<string, unknown>[]
}
