import type { DB } from '@db/schema'
import { BANK_FIELDS, FISCAL_FIELDS } from '@shared/fields/index'
import type { Kysely } from 'kysely'
import { CsvWriter, FAMILY_FILE_KEYS, FAMILY_FILES, type FamilyFileKey } from '../../csv/index'
import { formatCell } from '../cells'
import { CHILD_HEALTH_COLUMNS, FILE_COLUMNS, type FileColumn, HEALTH_FILES, KEY_COLUMNS } from '../columns'
import { countRows, type FamilyPage, familyNumbers, nextFamilies, pageRows } from './queries'

// Reads the families chosen, a page at a time, and writes the six files'
// text row by row, each cell as formatCell() writes it (dates dd/mm/yyyy,
// Oui/Non, list labels) and neutralised against formulas by the codec's
// writer. Only the columns exported are read (no health column without the
// right), through ctx.db: the same on SQLite and PostgreSQL.

/** null: every family; else the ids of the families to export. */
export type FamilySelection = readonly number[] | null

export interface ExportedFile {
  key: FamilyFileKey
  name: string
  rows: number
  data: Buffer
}

type Row = Record<string, unknown>

/** Families per page: a page's rows of the six files are a few thousand at most. */
export const PAGE_FAMILIES = 1000

function keyCell(column: string, row: Row): string {
  switch (column) {
    case KEY_COLUMNS.familyNumber:
      return String(row.family_number)
    case KEY_COLUMNS.role:
      return row.role === 'conjoint' ? 'Conjoint' : 'Responsable'
    case KEY_COLUMNS.childId:
      return String(row.identifier)
    default:
      return String(row.child_identifier)
  }
}

function cellOf(column: FileColumn, row: Row): string {
  return column.spec ? formatCell(column.spec, row[column.spec.column]) : keyCell(column.name, row)
}

/** The files to write: without health data when the staff member's role may not see it. */
export function exportedKeys(healthAllowed: boolean): FamilyFileKey[] {
  return FAMILY_FILE_KEYS.filter((key) => healthAllowed || !HEALTH_FILES.includes(key))
}

/** Bank details and tax figures of familles.csv: only for the roles allowed to see them (Paramètres). */
const FINANCE_KEYS = new Set([...FISCAL_FIELDS, ...BANK_FIELDS].map((f) => f.key))

export function exportedColumns(
  key: FamilyFileKey,
  healthAllowed: boolean,
  financeAllowed = true,
): FileColumn[] {
  return FILE_COLUMNS[key].filter(
    (c) =>
      (healthAllowed || !CHILD_HEALTH_COLUMNS.includes(c.name)) &&
      (financeAllowed || key !== 'familles' || !(c.spec && FINANCE_KEYS.has(c.spec.key))),
  )
}

/** Every family in pages of N° famille order, by keyset on the number (anonymised ones too: each file filters its own rows). */
async function* everyFamily(db: Kysely<DB>, size: number): AsyncGenerator<FamilyPage> {
  let after: string | null = null
  for (;;) {
    const page = await nextFamilies(db, after, size)
    if (page.length > 0) yield page.map((f) => f.id)
    if (page.length < size) return
    after = page[page.length - 1].number
  }
}

/**
 * The families chosen that exist, in pages of N° famille order. Numbers are
 * ASCII (digits, or anonyme-… once anonymised), so JavaScript's string order
 * is the database's byte order here.
 */
async function chosenFamilies(
  db: Kysely<DB>,
  selection: readonly number[],
  size: number,
): Promise<FamilyPage[]> {
  const ids = [...new Set(selection)]
  const found: { id: number; number: string }[] = []
  for (let i = 0; i < ids.length; i += PAGE_FAMILIES)
    found.push(...(await familyNumbers(db, ids.slice(i, i + PAGE_FAMILIES))))
  found.sort((a, b) => (a.number < b.number ? -1 : a.number > b.number ? 1 : 0))
  const pages: FamilyPage[] = []
  for (let i = 0; i < found.length; i += size) pages.push(found.slice(i, i + size).map((f) => f.id))
  return pages
}

/** One file being written: its header, then each page's rows. */
class FileText {
  private readonly writer: CsvWriter
  /** The UTF-8 bytes of each page: a page's rows as one string, then as bytes, so the heap keeps no text. */
  private readonly chunks: Buffer[]
  private bytes = 0
  rows = 0

  constructor(
    readonly key: FamilyFileKey,
    readonly columns: readonly FileColumn[],
  ) {
    this.writer = new CsvWriter(columns.map((c) => c.name))
    this.chunks = []
    this.push([this.writer.start()])
  }

  private push(lines: readonly string[]): void {
    const chunk = Buffer.from(lines.join(''), 'utf8')
    this.chunks.push(chunk)
    this.bytes += chunk.length
  }

  add(rows: readonly Row[], tick: () => void): void {
    if (rows.length === 0) return
    const lines: string[] = new Array(rows.length)
    for (let i = 0; i < rows.length; i++) {
      lines[i] = this.writer.row(this.columns.map((column) => cellOf(column, rows[i])))
      this.rows++
      tick()
    }
    this.push(lines)
  }

  done(): ExportedFile {
    return {
      key: this.key,
      name: FAMILY_FILES[this.key].name,
      rows: this.rows,
      data: Buffer.concat(this.chunks, this.bytes),
    }
  }
}

export interface ExportOptions {
  selection: FamilySelection
  healthAllowed: boolean
  financeAllowed?: boolean
  today: string
  /** The rows to write, once counted (for the progress bar). */
  counted: (total: number) => void
  /** After each row written. */
  tick: () => void
  /** Families per page (tests: small pages give the same files). */
  pageFamilies?: number
}

/**
 * The files of `keys` (UTF-8 with BOM, ";", CRLF), read through `db`: call
 * it inside one read transaction so that the files agree with each other.
 */
export async function exportFiles(
  db: Kysely<DB>,
  keys: readonly FamilyFileKey[],
  options: ExportOptions,
): Promise<ExportedFile[]> {
  const files = keys.map(
    (key) => new FileText(key, exportedColumns(key, options.healthAllowed, options.financeAllowed)),
  )
  const size = options.pageFamilies ?? PAGE_FAMILIES
  const pages = options.selection === null ? null : await chosenFamilies(db, options.selection, size)
  options.counted(await countRows(db, keys, pages))
  for await (const page of pages ?? everyFamily(db, size))
    for (const file of files)
      file.add(await pageRows(db, file.key, file.columns, page, options.today), options.tick)
  return files.map((file) => file.done())
}
