import { CSV_LIMITS, type CsvProblem, ProblemList } from '../../csv/index'

/**
 * Every problem of a file set, capped per file (a file that breaks on every
 * line is reported by its first thousand problems and a count), listed in
 * file then line order for the preview.
 */
export class ImportProblems {
  private readonly files = new Map<string, ProblemList>()
  private total = 0

  /** Lists the files' problems in this order, whenever they are found. */
  register(file: string): void {
    if (!this.files.has(file)) this.files.set(file, new ProblemList(file, CSV_LIMITS.problems))
  }

  add(problem: CsvProblem): void {
    this.register(problem.file)
    const list = this.files.get(problem.file)!
    const { file: _file, ...rest } = problem
    list.add(rest)
    this.total++
  }

  addAll(problems: readonly CsvProblem[]): void {
    for (const problem of problems) this.add(problem)
  }

  /** Problems found, including those left out of the list. */
  get count(): number {
    return this.total
  }

  list(): CsvProblem[] {
    return [...this.files.values()].flatMap((list) => {
      // Problems of the whole file (no line) first; the count of those left out last.
      const sorted = [...list.items].sort((a, b) => (a.line ?? 0) - (b.line ?? 0))
      return [...sorted, ...list.list().slice(list.items.length)]
    })
  }
}
