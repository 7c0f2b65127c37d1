import { CsvParser, type CsvRecord } from './parser'
import { CsvError, ProblemList } from './problems'

// Which separator a file uses: ";" (French Excel), "," (other software,
// English Excel) or tab (Excel's "Texte Unicode"). Decided on the first lines
// parsed as CSV with each candidate, so a separator inside a quoted cell
// ("Dupont; Martin") does not count: the one that gives a header of several
// cells, with the following rows of the same width. Column names never hold
// a separator, so the right one always splits the header into most cells.

export type Separator = ';' | ',' | '\t'

export const SEPARATORS: readonly Separator[] = [';', '\t', ',']

/** What the preview shows staff. */
export const SEPARATOR_LABELS: Record<Separator, string> = {
  ';': 'point-virgule',
  ',': 'virgule',
  '\t': 'tabulation',
}

/** How much decoded text the decision looks at. */
export const SEPARATOR_SAMPLE_CHARS = 64 * 1024
const SAMPLE_RECORDS = 20

/**
 * `sample`: the start of the file's text (SEPARATOR_SAMPLE_CHARS is enough);
 * `complete` when it is the whole file, so its last line counts even without
 * a line break.
 */
export function detectSeparator(sample: string, complete = false): Separator {
  let best: { separator: Separator; score: number[] } | undefined
  for (const separator of SEPARATORS) {
    const records = sampleRecords(sample, separator, complete)
    const score = scoreOf(records)
    if (!best || isBetter(score, best.score)) best = { separator, score }
  }
  return best!.separator
}

function sampleRecords(sample: string, separator: Separator, complete: boolean): CsvRecord[] {
  const parser = new CsvParser({ file: '', separator, problems: new ProblemList('', 0) })
  const records: CsvRecord[] = []
  try {
    records.push(...parser.push(sample.slice(0, SEPARATOR_SAMPLE_CHARS)))
    if (complete && sample.length <= SEPARATOR_SAMPLE_CHARS) records.push(...parser.end())
  } catch (error) {
    if (!(error instanceof CsvError)) throw error
  }
  return records.slice(0, SAMPLE_RECORDS)
}

/** Compared in order: header of several cells, rows that agree with it, header width. */
function scoreOf(records: CsvRecord[]): number[] {
  const header = records[0]?.cells ?? []
  const agreeing = records.slice(1).filter((r) => r.cells.length === header.length).length
  return [header.length > 1 ? 1 : 0, agreeing, header.length]
}

function isBetter(score: number[], than: number[]): boolean {
  for (let i = 0; i < score.length; i++) if (score[i] !== than[i]) return score[i] > than[i]
  return false
}
