import fc from 'fast-check'
import { CsvParser, type CsvRecord } from '../../src-main/backend/csv/parser'
import { ProblemList } from '../../src-main/backend/csv/problems'

// Shared generators and helpers of the CSV codec's property tests.

/** Characters that stress CSV: separators, quotes, line ends, formula triggers, the escape, accents, emoji. */
export const csvChar = fc.constantFrom(
  ';',
  ',',
  '\t',
  '"',
  '\r',
  '\n',
  'a',
  'Z',
  ' ',
  'é',
  'Œ',
  '€',
  '=',
  '+',
  '-',
  '@',
  "'",
  '’',
  '\ufeff',
  '😀',
  '\uff1d',
  '0',
)

/** Text mixing the stress characters with any Unicode text. */
export const cellText = fc.oneof(
  fc.string({ unit: csvChar, maxLength: 12 }),
  fc.string({ unit: 'binary', maxLength: 12 }),
  fc.string({ maxLength: 12 }),
)

/** A table of `width` columns, at least one row. */
export const table = (width: number) =>
  fc.array(fc.array(cellText, { minLength: width, maxLength: width }), { minLength: 1, maxLength: 8 })

/** Parses text in chunks of `chunk` characters with the given separator. */
export function parse(text: string, separator = ';', chunk = Number.POSITIVE_INFINITY) {
  const problems = new ProblemList('test.csv', 100)
  const parser = new CsvParser({ file: 'test.csv', separator, problems })
  const records: CsvRecord[] = []
  const step = Math.max(1, Math.min(chunk, text.length))
  for (let i = 0; i < text.length; i += step) records.push(...parser.push(text.slice(i, i + step)))
  records.push(...parser.end())
  return { records, problems: problems.list() }
}

/** Cuts `bytes` at the given fractions, for chunked reading. */
export function split(bytes: Uint8Array, cuts: number[]): Uint8Array[] {
  const points = [...new Set(cuts.map((f) => Math.floor(f * bytes.length)))].sort((a, b) => a - b)
  const parts: Uint8Array[] = []
  let from = 0
  for (const p of [...points, bytes.length]) {
    parts.push(bytes.subarray(from, p))
    from = p
  }
  return parts
}

/** Runs `fn` and returns what it threw (or undefined). */
export function thrown(fn: () => unknown): unknown {
  try {
    fn()
  } catch (error) {
    return error
  }
  return undefined
}
