import { CSV_LIMITS, formatCount } from './limits'
import { CsvError, type CsvProblem, type ProblemList } from './problems'

// An RFC 4180 reader that takes text in chunks of any size and gives back
// complete records with the physical line where each starts, so a 50 MB file
// is read in bounded memory and a problem names the line staff see in a text
// editor. It keeps its state between chunks (no re-scan), never backtracks,
// and throws nothing but CsvError.
//
// What it accepts beyond the RFC, as Excel and LibreOffice do: ";" or tab as
// separator, lone CR or LF line ends, a quote inside an unquoted cell (kept
// as text), blank lines (skipped). Text right after a closing quote is kept
// too but reported, since it usually means a quote that was not doubled.

export interface CsvRecord {
  /** Physical line where the record starts, 1-based. */
  line: number
  cells: string[]
}

const QUOTE = 0x22
const CR = 0x0d
const LF = 0x0a
const BOM = '\ufeff'

enum State {
  /** At the start of a cell. */
  CellStart,
  Unquoted,
  Quoted,
  /** Just after a quote inside a quoted cell: a doubled quote or the end of the cell. */
  AfterQuote,
}

export type ParserLimits = Record<'cellChars' | 'rowChars' | 'rowCells', number>

export interface ParserOptions {
  file: string
  separator: string
  /** Non-fatal problems go here. */
  problems: ProblemList
  /** CSV_LIMITS unless a test wants smaller ones. */
  limits?: ParserLimits
}

export class CsvParser {
  /** Header names by position, once known, so that messages name the column. */
  columnNames: readonly (string | undefined)[] = []

  private readonly sep: number
  private readonly limits: ParserLimits
  private state = State.CellStart
  private started = false
  private line = 1
  private afterCr = false
  private recordLine = 1
  private quoteLine = 0
  private cells: string[] = []
  private rowChars = 0
  private cell = ''
  /** Where, in the chunk being read, the part of the current cell not yet copied into `cell` begins. */
  private pieceStart = 0
  private out: CsvRecord[] = []

  constructor(private readonly options: ParserOptions) {
    if (options.separator.length !== 1) throw new Error('separator must be one character')
    this.sep = options.separator.charCodeAt(0)
    this.limits = options.limits ?? CSV_LIMITS
  }

  /** Reads one more chunk; returns the records it completed. */
  push(text: string): CsvRecord[] {
    if (!this.started && text.length > 0) {
      this.started = true
      if (text.startsWith(BOM)) text = text.slice(1)
    }
    this.pieceStart = 0
    let i = 0
    while (i < text.length) {
      if (this.state === State.CellStart) i = this.atCellStart(text, i)
      else if (this.state === State.Unquoted) i = this.inUnquoted(text, i)
      else if (this.state === State.Quoted) i = this.inQuoted(text, i)
      else i = this.afterQuote(text, i)
    }
    if (this.state === State.Unquoted || this.state === State.Quoted) this.appendPiece(text, text.length)
    return this.take()
  }

  /** Ends the text; returns the last record. Throws if a quote is still open. */
  end(): CsvRecord[] {
    if (this.state === State.Quoted)
      this.fail(
        this.quoteLine,
        'guillemet ouvert sur cette ligne et jamais refermé : le fichier est peut-être tronqué, ou un guillemet de trop a été saisi.',
      )
    // The cell in progress ends with the text; after a final separator, it is an empty one.
    if (this.state !== State.CellStart || this.cells.length > 0) {
      this.endCell()
      this.endRecord()
    }
    return this.take()
  }

  private take(): CsvRecord[] {
    const records = this.out
    this.out = []
    return records
  }

  private atCellStart(text: string, i: number): number {
    const c = text.charCodeAt(i)
    if (c === LF && this.afterCr) {
      this.afterCr = false // the LF of a CRLF that ended the previous record
      return i + 1
    }
    this.afterCr = c === CR
    if (c === CR || c === LF) {
      this.line++
      // A line break right after a separator ends the record with an empty cell;
      // at the start of a record it is a blank line, skipped.
      if (this.cells.length > 0) {
        this.endCell()
        this.endRecord()
      }
      return i + 1
    }
    if (this.cells.length === 0) this.recordLine = this.line
    if (c === this.sep) {
      this.endCell()
      return i + 1
    }
    if (c === QUOTE) {
      this.state = State.Quoted
      this.quoteLine = this.line
      this.pieceStart = i + 1
      return i + 1
    }
    this.state = State.Unquoted
    this.pieceStart = i
    return i
  }

  private inUnquoted(text: string, i: number): number {
    const sep = this.sep
    let j = i
    for (; j < text.length; j++) {
      const c = text.charCodeAt(j)
      if (c === sep || c === CR || c === LF) break
    }
    if (j === text.length) return j
    this.appendPiece(text, j)
    this.endCellAt(text.charCodeAt(j))
    return j + 1
  }

  private inQuoted(text: string, i: number): number {
    let j = i
    for (; j < text.length; j++) {
      const c = text.charCodeAt(j)
      if (c === QUOTE) break
      if (c === LF) {
        if (!this.afterCr) this.line++
        this.afterCr = false
      } else if (c === CR) {
        this.line++
        this.afterCr = true
      } else this.afterCr = false
    }
    if (j === text.length) return j
    this.afterCr = false
    this.appendPiece(text, j)
    this.state = State.AfterQuote
    return j + 1
  }

  private afterQuote(text: string, i: number): number {
    const c = text.charCodeAt(i)
    if (c === QUOTE) {
      // A doubled quote: the second one starts the next piece of the cell.
      this.state = State.Quoted
      this.pieceStart = i
      return i + 1
    }
    if (c === this.sep || c === CR || c === LF) {
      this.endCellAt(c)
      return i + 1
    }
    this.problem(
      this.line,
      'texte après le guillemet qui ferme la cellule : un guillemet à l’intérieur d’une cellule entre guillemets doit être doublé ("").',
    )
    this.state = State.Unquoted
    this.pieceStart = i
    return i
  }

  /** Ends the current cell on a separator or a line break `c`. */
  private endCellAt(c: number): void {
    this.endCell()
    if (c === this.sep) return
    this.line++
    this.afterCr = c === CR
    this.endRecord()
  }

  private appendPiece(text: string, end: number): void {
    const length = this.cell.length + end - this.pieceStart
    if (length > this.limits.cellChars)
      this.fail(
        this.state === State.Quoted ? this.quoteLine : this.recordLine,
        `cellule de plus de ${formatCount(this.limits.cellChars)} caractères${
          this.state === State.Quoted
            ? ' : un guillemet ouvert sur cette ligne n’est sans doute jamais refermé.'
            : ' : le fichier n’est sans doute pas un fichier CSV de familles.'
        }`,
      )
    if (this.rowChars + length > this.limits.rowChars)
      this.fail(this.recordLine, `ligne de plus de ${formatCount(this.limits.rowChars)} caractères.`)
    if (end > this.pieceStart) this.cell += text.slice(this.pieceStart, end)
    this.pieceStart = end
  }

  private endCell(): void {
    if (this.cells.length >= this.limits.rowCells)
      this.fail(this.recordLine, `ligne de plus de ${formatCount(this.limits.rowCells)} cellules.`)
    this.cells.push(this.cell)
    this.rowChars += this.cell.length + 1
    this.cell = ''
    this.state = State.CellStart
  }

  private endRecord(): void {
    this.out.push({ line: this.recordLine, cells: this.cells })
    this.cells = []
    this.rowChars = 0
  }

  private where(line: number): Omit<CsvProblem, 'message'> {
    const index = this.cells.length
    const name = this.columnNames[index]
    return name === undefined
      ? { file: this.options.file, line, columnNumber: index + 1 }
      : { file: this.options.file, line, column: name }
  }

  private problem(line: number, message: string): void {
    const { file: _file, ...where } = this.where(line)
    this.options.problems.add({ ...where, message })
  }

  private fail(line: number, message: string): never {
    throw new CsvError({ ...this.where(line), message })
  }
}
