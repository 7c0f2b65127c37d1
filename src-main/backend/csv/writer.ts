import { neutraliseCell } from './cell-escape'
import type { Separator } from './separator'

// Writes family files the way a French Excel opens them right away: ";"
// separator, UTF-8 with a byte-order mark (without it Excel reads
// Windows-1252 and garbles accents), CRLF line ends, quotes only where RFC
// 4180 needs them, and every data cell neutralised against formulas
// (cell-escape.ts). Text in, text out: format dates and booleans first
// (values.ts). Rows come one at a time so an export can stream.

export const CSV_BOM = '\ufeff'
export const CSV_NEWLINE = '\r\n'

export interface CsvWriterOptions {
  /** ";" unless a test wants another. */
  separator?: Separator
}

export class CsvWriter {
  private readonly separator: Separator
  private readonly quoteWhen: RegExp

  constructor(
    private readonly columns: readonly string[],
    options: CsvWriterOptions = {},
  ) {
    if (columns.length === 0) throw new Error('a CSV file needs at least one column')
    this.separator = options.separator ?? ';'
    this.quoteWhen = new RegExp(`["\\r\\n${this.separator}]`)
  }

  /** The byte-order mark and the header line. */
  start(): string {
    return CSV_BOM + this.line(this.columns)
  }

  /** One data row, cells in column order, each neutralised. */
  row(cells: readonly string[]): string {
    if (cells.length !== this.columns.length)
      throw new Error(`row of ${cells.length} cells for ${this.columns.length} columns`)
    return this.line(cells.map(neutraliseCell))
  }

  private line(cells: readonly string[]): string {
    // A lone empty cell would be a blank line, which readers skip: quote it.
    if (cells.length === 1 && cells[0] === '') return `""${CSV_NEWLINE}`
    return cells.map((cell) => this.field(cell)).join(this.separator) + CSV_NEWLINE
  }

  private field(cell: string): string {
    return this.quoteWhen.test(cell) ? `"${cell.replaceAll('"', '""')}"` : cell
  }
}

/** A whole file as UTF-8 bytes (lone surrogates, which UTF-8 cannot hold, become U+FFFD). */
export function writeCsvTable(
  columns: readonly string[],
  rows: Iterable<readonly string[]>,
  options?: CsvWriterOptions,
): Uint8Array {
  const writer = new CsvWriter(columns, options)
  const parts = [writer.start()]
  for (const row of rows) parts.push(writer.row(row))
  return Buffer.from(parts.join(''), 'utf8')
}
