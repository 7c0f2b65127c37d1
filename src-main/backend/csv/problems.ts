// What goes wrong in a family file, said in French for staff, with where:
// the file, the physical line (1 = the header) and the column (its header
// name when known, else its position). A problem the reader can step over
// (an unknown column, a row too wide) is collected and reading goes on, so the
// preview lists them all; one that leaves nothing trustworthy to read (a quote
// never closed, a cell over the limit, an empty file) is thrown as CsvError.

export interface CsvProblem {
  /** The file as staff know it, e.g. "enfants.csv" (or "export.zip"). */
  file: string
  /** Physical line, 1-based, counting line breaks inside quoted cells; absent for the file as a whole. */
  line?: number
  /** The column's header name when known, e.g. "Nom". */
  column?: string
  /** The column's position, 1-based, when it has no (known) name. */
  columnNumber?: number
  /** French, for staff; does not repeat file, line or column. */
  message: string
}

export class CsvError extends Error {
  constructor(readonly problem: CsvProblem) {
    super(formatProblem(problem))
    this.name = 'CsvError'
  }
}

/** "enfants.csv, ligne 12, colonne « Nom » : message" */
export function formatProblem(problem: CsvProblem): string {
  const where = [problem.file]
  if (problem.line !== undefined) where.push(`ligne ${problem.line}`)
  if (problem.column !== undefined) where.push(`colonne « ${problem.column} »`)
  else if (problem.columnNumber !== undefined) where.push(`colonne ${problem.columnNumber}`)
  return `${where.join(', ')} : ${problem.message}`
}

/** Collects a file's problems up to a cap, then says that more were left out. */
export class ProblemList {
  readonly items: CsvProblem[] = []
  private dropped = 0

  constructor(
    readonly file: string,
    private readonly cap: number,
  ) {}

  add(problem: Omit<CsvProblem, 'file'>): void {
    if (this.items.length < this.cap) this.items.push({ file: this.file, ...problem })
    else this.dropped++
  }

  /** The problems, with a last one counting those left out. */
  list(): CsvProblem[] {
    if (this.dropped === 0) return this.items
    const message = `${this.dropped} autres problèmes ne sont pas listés : corrigez d’abord ceux-ci.`
    return [...this.items, { file: this.file, message }]
  }
}
