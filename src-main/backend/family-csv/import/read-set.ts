import type { DB } from '@db/schema'
import type { ForeignFileView, ImportedFileView } from '@shared/contract/csv'
import type { Kysely } from 'kysely'
import {
  CsvError,
  FAMILY_FILE_KEYS,
  FAMILY_FILES,
  type FamilyFileKey,
  familyFileByName,
  looseKey,
} from '../../csv/index'
import { CHILD_HEALTH_COLUMNS, HEALTH_FILES } from '../columns'
import { checkMapping, foreignReader } from '../mapping/foreign'
import { proposeMapping } from '../mapping/propose'
import { loadMapping } from '../mapping/store'
import { parseTarget } from '../mapping/targets'
import { type ConvertContext, convertRow, RECORD_FIELD_KEYS, REQUIRED_COLUMNS } from './convert'
import { IncomingSet, type SourceRow } from './incoming'
import { ImportProblems } from './problems'
import type { RecordStore } from './record-store'
import { readHeaderCells, readSource, type SourceFile } from './sources'

// Reads every file of an import into one IncomingSet: each of the six files
// by its name (or, under another name, by its header), any other file
// through a column mapping. Nothing is compared with the database yet.

export interface ReadOptions {
  /** Where the records read wait (storage.csvImport.records()): the result's dispose() removes them, as a failure of the reading does. */
  records: RecordStore
  /** For the saved column mappings (mapping/store.ts). */
  db: Kysely<DB>
  /** Mappings staff sent, by file name, aligned with the file's headers. */
  mappings?: Record<string, (string | null)[]>
  /** False when the staff member's role may not see children's health data. */
  healthAllowed: boolean
  bytes(n: number): void
  throwIfCancelled(): void
}

export interface ReadResult {
  set: IncomingSet
  problems: ImportProblems
  files: ImportedFileView[]
  foreign: ForeignFileView[]
  /** Mappings staff sent for this import, to save for next time. */
  confirmedMappings: { headers: string[]; targets: (string | null)[] }[]
  /** Removes what the set spilled to disk: call once the import is over. */
  dispose(): void
}

const SAMPLE_ROWS = 5

/** What the preview says of a file before (or without) reading it. */
function fileView(name: string, kind: ImportedFileView['kind']): ImportedFileView {
  return { name, kind, encoding: '', separator: '', rows: 0, renamed: [], missing: [] }
}

const sameName = (column: string) => column

/** A row of one of the six files: its columns are those of docs/fichiers-csv.md (a class: no closure per row). */
class NativeRow implements SourceRow {
  readonly label = sameName
  constructor(
    readonly file: string,
    readonly line: number,
    private readonly values: Partial<Record<string, string>>,
  ) {}
  cell(column: string): string | undefined {
    return this.values[column]
  }
}
const HEALTH_REFUSED =
  'votre rôle ne permet pas de voir ni d’importer les données de santé des enfants : retirez-les du fichier, ou demandez à un responsable de faire l’import.'

/** Which of the six files a file under another name is, from its header alone; undefined when none fits. */
function recognise(cells: readonly string[]): FamilyFileKey | undefined {
  const named = cells.filter((cell) => cell.trim() !== '').map(looseKey)
  const fits = FAMILY_FILE_KEYS.filter((key) => {
    const known = new Set(FAMILY_FILES[key].columns.map(looseKey))
    return named.length >= 2 && named.every((cell) => known.has(cell))
  })
  return fits.length === 1 ? fits[0] : undefined
}

export async function readFileSet(sources: readonly SourceFile[], options: ReadOptions): Promise<ReadResult> {
  const spill = options.records
  const result: ReadResult = {
    set: new IncomingSet((kind) => spill.map(kind, () => RECORD_FIELD_KEYS[kind])),
    dispose: () => spill.dispose(),
    problems: new ImportProblems(),
    files: [],
    foreign: [],
    confirmedMappings: [],
  }
  const ctx: ConvertContext = { set: result.set, problems: result.problems }
  for (const source of sources) result.problems.register(source.name)
  try {
    for (const source of sources) {
      options.throwIfCancelled()
      try {
        let kind = familyFileByName(source.name)
        const header = kind ? [] : await readHeaderCells(source)
        kind ??= recognise(header)
        if (kind) await readNative(source, kind, ctx, options, result)
        else await readForeign(source, header, ctx, options, result)
      } catch (error) {
        if (!(error instanceof CsvError)) throw error
        result.problems.add(error.problem)
        if (!result.files.some((f) => f.name === source.name))
          result.files.push(fileView(source.name, 'autre'))
      }
    }
    spill.seal()
  } catch (error) {
    spill.dispose()
    throw error
  }
  return result
}

function counter(options: ReadOptions) {
  let rows = 0
  return () => {
    if (++rows % 2000 === 0) options.throwIfCancelled()
    return rows
  }
}

async function readNative(
  source: SourceFile,
  kind: FamilyFileKey,
  ctx: ConvertContext,
  options: ReadOptions,
  result: ReadResult,
): Promise<void> {
  const view: ImportedFileView = fileView(source.name, kind)
  result.files.push(view)
  if (!options.healthAllowed && HEALTH_FILES.includes(kind)) {
    ctx.problems.add({ file: source.name, message: HEALTH_REFUSED })
    return
  }
  let usable = true
  let width = 0
  const count = counter(options)
  const info = await readSource(source, FAMILY_FILES[kind].columns as readonly string[], {
    header(info) {
      width = info.present.length
      for (const column of REQUIRED_COLUMNS[kind].filter((c) => info.missing.includes(c))) {
        usable = false
        ctx.problems.add({
          file: source.name,
          line: 1,
          message: `colonne « ${column} » absente : elle est nécessaire pour retrouver chaque ligne dans Marelle.`,
        })
      }
      if (!options.healthAllowed)
        for (const column of info.present.filter((c) => CHILD_HEALTH_COLUMNS.includes(c)))
          ctx.problems.add({ file: source.name, line: 1, column, message: HEALTH_REFUSED })
    },
    row(row) {
      view.rows = count()
      // A line cut short was reported by the reader: reading what is left of it would only add noise.
      if (!usable || Object.keys(row.values).length < width) return
      convertRow(kind, new NativeRow(source.name, row.line, row.values), ctx)
    },
    bytes: options.bytes,
  })
  Object.assign(view, {
    encoding: info.encodingLabel,
    separator: info.separatorLabel,
    renamed: info.renamed,
    missing: info.missing,
  })
  ctx.problems.addAll(info.problems)
}

async function readForeign(
  source: SourceFile,
  cells: readonly string[],
  ctx: ConvertContext,
  options: ReadOptions,
  result: ReadResult,
): Promise<void> {
  const headers = [...new Set(cells.filter((cell) => cell.trim() !== ''))]
  if (headers.length === 0)
    throw new CsvError({ file: source.name, message: 'fichier vide, ou sans ligne d’en-tête.' })
  const given = options.mappings?.[source.name]
  const saved = await loadMapping(options.db, headers)
  const targets = given ? headers.map((_, i) => given[i] ?? null) : (saved ?? proposeMapping(headers))
  if (given) result.confirmedMappings.push({ headers, targets })
  const checked = checkMapping(source.name, headers, targets)
  ctx.problems.addAll(checked.problems)
  const confirmed = given !== undefined || saved !== null
  if (!confirmed)
    ctx.problems.add({
      file: source.name,
      message:
        'fichier d’un autre logiciel : vérifiez la correspondance proposée entre ses colonnes et celles de Marelle, puis validez-la.',
    })
  if (
    !options.healthAllowed &&
    targets.some((t) => t && CHILD_HEALTH_COLUMNS.includes(parseTarget(t)?.column ?? ''))
  )
    ctx.problems.add({ file: source.name, message: HEALTH_REFUSED })
  const view: ImportedFileView = fileView(source.name, 'autre')
  const foreign: ForeignFileView = {
    name: source.name,
    headers,
    proposal: targets,
    saved: saved !== null,
    confirmed,
    sample: [],
  }
  result.files.push(view)
  result.foreign.push(foreign)
  const count = counter(options)
  const convert = foreignReader(source.name, checked.mapping, (kind, row) => convertRow(kind, row, ctx))
  const info = await readSource(source, headers, {
    header() {},
    row(row) {
      view.rows = count()
      if (foreign.sample.length < SAMPLE_ROWS) foreign.sample.push(headers.map((h) => row.values[h] ?? ''))
      if (checked.problems.length === 0) convert(row)
    },
    bytes: options.bytes,
  })
  Object.assign(view, { encoding: info.encodingLabel, separator: info.separatorLabel })
  ctx.problems.addAll(info.problems)
}
