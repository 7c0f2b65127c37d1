import { restoreCell } from './cell-escape'
import {
  createDecoder,
  detectEncoding,
  ENCODING_LABELS,
  type EncodingName,
  type StreamDecoder,
} from './encoding'
import { type HeaderMap, mapHeader } from './header'
import { CSV_LIMITS } from './limits'
import { CsvParser, type CsvRecord } from './parser'
import { CsvError, type CsvProblem, ProblemList } from './problems'
import { detectSeparator, SEPARATOR_LABELS, SEPARATOR_SAMPLE_CHARS, type Separator } from './separator'

// Reads one family file into rows keyed by column name: bytes → text (in the
// detected encoding) → records → header mapping → rows with their line, cells
// un-neutralised (cell-escape.ts). Push bytes in chunks of any size; the
// encoding must be known first (EncodingSniffer over the whole file, since
// one invalid byte anywhere makes it Windows-1252). Pure and synchronous, so
// it can run in a worker thread; file-reader.ts drives it from disk.

export interface CsvReadOptions<C extends string> {
  /** Named in every problem, e.g. "enfants.csv". */
  file: string
  /** The expected columns, e.g. FAMILY_FILES.enfants.columns. */
  columns: readonly C[]
}

export interface CsvRow<C extends string> {
  /** Physical line where the row starts. */
  line: number
  /** The cells of the columns present in the file; a missing column has no key. */
  values: Partial<Record<C, string>>
}

export interface CsvFileInfo<C extends string> {
  file: string
  encoding: EncodingName
  /** "UTF-8 avec BOM", "UTF-8", "Windows-1252"…, for the preview. */
  encodingLabel: string
  separator: Separator
  /** "point-virgule", "virgule" or "tabulation", for the preview. */
  separatorLabel: string
  present: C[]
  missing: C[]
  renamed: { column: C; found: string }[]
}

export interface CsvTable<C extends string> extends CsvFileInfo<C> {
  rows: CsvRow<C>[]
  /** Problems that did not stop the reading; the import must refuse the file while one remains. */
  problems: CsvProblem[]
}

export class CsvTableReader<C extends string> {
  private readonly decoder: StreamDecoder
  private readonly problems: ProblemList
  private sample: string | undefined = ''
  private parser: CsvParser | undefined
  private separator: Separator | undefined
  private header: HeaderMap<C> | undefined
  private template: Partial<Record<C, string>> = {}

  constructor(
    private readonly options: CsvReadOptions<C>,
    private readonly encoding: EncodingName,
  ) {
    this.decoder = createDecoder(encoding, options.file)
    this.problems = new ProblemList(options.file, CSV_LIMITS.problems)
  }

  push(bytes: Uint8Array): CsvRow<C>[] {
    return this.text(this.decoder.write(bytes), false)
  }

  end(): CsvRow<C>[] {
    const rows = this.text(this.decoder.end(), true)
    append(rows, this.rows(this.parser!.end()))
    if (!this.header) throw new CsvError({ file: this.options.file, message: 'fichier vide.' })
    return rows
  }

  /** What the preview shows about the file; available once the header is read. */
  info(): CsvFileInfo<C> {
    if (!this.header || !this.separator) throw new Error('info() before the header was read')
    const { present, missing, renamed } = this.header
    return {
      file: this.options.file,
      encoding: this.encoding,
      encodingLabel: ENCODING_LABELS[this.encoding],
      separator: this.separator,
      separatorLabel: SEPARATOR_LABELS[this.separator],
      present,
      missing,
      renamed,
    }
  }

  problemList(): CsvProblem[] {
    return this.problems.list()
  }

  /** Holds the first text back until the separator can be decided, then parses. */
  private text(text: string, last: boolean): CsvRow<C>[] {
    if (this.sample !== undefined) {
      this.sample += text
      if (this.sample.length < SEPARATOR_SAMPLE_CHARS && !last) return []
      text = this.sample
      this.sample = undefined
      this.separator = detectSeparator(text, last)
      this.parser = new CsvParser({
        file: this.options.file,
        separator: this.separator,
        problems: this.problems,
      })
    }
    return this.rows(this.parser!.push(text))
  }

  private rows(records: CsvRecord[]): CsvRow<C>[] {
    const rows: CsvRow<C>[] = []
    for (const record of records) {
      if (!this.header) this.readHeader(record)
      // Blank as read back: a written tab or new line alone ("'\t") is as blank as a raw one.
      else if (record.cells.some((cell) => restoreCell(cell).trim() !== '')) rows.push(this.row(record))
    }
    return rows
  }

  private readHeader(record: CsvRecord): void {
    this.header = mapHeader(record.cells, this.options.columns, record.line, this.problems)
    this.parser!.columnNames = this.header.positions
    this.template = Object.fromEntries(this.header.present.map((column) => [column, ''])) as Partial<
      Record<C, string>
    >
  }

  private row({ line, cells }: CsvRecord): CsvRow<C> {
    const { positions, unnamed } = this.header!
    // Copied from a template that has every present column: V8 keeps such
    // objects compact, where 23 keys added one by one would turn each into a
    // hash table seven times larger (bench/csv-codec.ts).
    const values = { ...this.template }
    for (let p = 0; p < positions.length; p++) {
      const column = positions[p]
      if (p >= cells.length) {
        if (column !== undefined) delete values[column]
      } else if (column !== undefined) values[column] = restoreCell(cells[p])
      else if (cells[p] !== '' && unnamed.has(p))
        this.problems.add({ line, ...this.where(p), message: 'valeur dans une colonne sans nom.' })
    }
    this.checkWidth(line, cells)
    return { line, values }
  }

  /**
   * A row shorter than the header is refused (a truncated line would
   * otherwise empty the fields it lost); a longer one only when the extra
   * cells hold something (some software ends every line with a separator).
   */
  private checkWidth(line: number, cells: string[]): void {
    const width = this.header!.positions.length
    if (cells.length < width)
      this.problems.add({
        line,
        ...this.where(cells.length),
        message: `ligne incomplète : ${cells.length} cellules au lieu de ${width}.`,
      })
    const extra = cells.findIndex((cell, p) => p >= width && cell !== '')
    if (extra >= 0)
      this.problems.add({
        line,
        columnNumber: extra + 1,
        message: `cellule en trop : la ligne a ${cells.length} cellules, l’en-tête ${width}.`,
      })
  }

  /** A position as a problem names it: its column's name when it has one. */
  private where(position: number): { column: C } | { columnNumber: number } {
    const column = this.header!.positions[position]
    return column === undefined ? { columnNumber: position + 1 } : { column }
  }
}

/** Reads a whole file held in memory. Throws CsvError when nothing trustworthy can be read. */
export function readCsvTable<C extends string>(bytes: Uint8Array, options: CsvReadOptions<C>): CsvTable<C> {
  const reader = new CsvTableReader(options, detectEncoding(bytes, options.file))
  const rows: CsvRow<C>[] = []
  for (let offset = 0; offset < bytes.length; offset += READ_CHUNK_BYTES)
    append(rows, reader.push(bytes.subarray(offset, offset + READ_CHUNK_BYTES)))
  append(rows, reader.end())
  return { ...reader.info(), rows, problems: reader.problemList() }
}

/** Appends without spreading: a chunk may complete many thousands of rows. */
function append<T>(target: T[], items: T[]): void {
  for (const item of items) target.push(item)
}

/** Chunks of a file fed to the reader: small enough that a limit trips before a large copy. */
export const READ_CHUNK_BYTES = 256 * 1024
