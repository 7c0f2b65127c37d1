import { BANK_FIELDS, FISCAL_FIELDS } from '@shared/fields/index'
import type { Database } from 'better-sqlite3-multiple-ciphers'
import { CsvWriter, FAMILY_FILE_KEYS, FAMILY_FILES, type FamilyFileKey } from '../../csv/index'
import { formatCell } from '../cells'
import { CHILD_HEALTH_COLUMNS, FILE_COLUMNS, type FileColumn, HEALTH_FILES, KEY_COLUMNS } from '../columns'
import { COUNT_QUERIES, EXPORT_QUERIES, FILTER } from './queries'

// Reads the families chosen and writes the six files' text, row by row,
// each cell as formatCell() writes it (dates dd/mm/yyyy, Oui/Non, list
// labels) and neutralised against formulas by the codec's writer.

/** null: every family; else the ids of the families to export. */
export type FamilySelection = number[] | null

export interface ExportedFile {
  key: FamilyFileKey
  name: string
  rows: number
  data: Buffer
}

type Row = Record<string, unknown>

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

function sql(query: string, selection: FamilySelection): string {
  return query.replace(FILTER, selection === null ? '1 = 1' : 'f.id IN (SELECT value FROM json_each(:ids))')
}

function parameters(selection: FamilySelection, today: string) {
  return { today, ...(selection === null ? {} : { ids: JSON.stringify(selection) }) }
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

export function countRows(sqlite: Database, keys: FamilyFileKey[], selection: FamilySelection): number {
  const params = parameters(selection, '')
  return keys.reduce(
    (sum, key) => sum + (sqlite.prepare(sql(COUNT_QUERIES[key], selection)).pluck().get(params) as number),
    0,
  )
}

/** One file's bytes (UTF-8 with BOM, ";", CRLF); `tick` after each row. */
export function exportFile(
  sqlite: Database,
  key: FamilyFileKey,
  options: {
    selection: FamilySelection
    healthAllowed: boolean
    financeAllowed?: boolean
    today: string
    tick: () => void
  },
): ExportedFile {
  const columns = exportedColumns(key, options.healthAllowed, options.financeAllowed)
  const writer = new CsvWriter(columns.map((c) => c.name))
  const parts: string[] = [writer.start()]
  let rows = 0
  const statement = sqlite.prepare(sql(EXPORT_QUERIES[key], options.selection))
  for (const row of statement.iterate(parameters(options.selection, options.today)) as Iterable<Row>) {
    parts.push(writer.row(columns.map((column) => cellOf(column, row))))
    rows++
    options.tick()
  }
  return { key, name: FAMILY_FILES[key].name, rows, data: Buffer.from(parts.join(''), 'utf8') }
}
