import { parse as parseSync } from 'csv-parse/sync'
import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import { CsvParser } from '../../src-main/backend/csv/parser'
import { CsvError, ProblemList } from '../../src-main/backend/csv/problems'
import { writeCsvTable } from '../../src-main/backend/csv/writer'
import { csvChar, parse, table, thrown } from './csv-arbitraries'

const cells = (text: string, separator = ';') => parse(text, separator).records.map((r) => r.cells)
const lines = (text: string) => parse(text).records.map((r) => r.line)

describe('the RFC 4180 parser', () => {
  it('reads quoted cells with separators, doubled quotes and line breaks of every kind', () => {
    const text = 'a;"b;c";"d""e"\r\n"x\ry";"x\ny";"x\r\ny"\r\n""\n;\n'
    expect(cells(text)).toEqual([['a', 'b;c', 'd"e'], ['x\ry', 'x\ny', 'x\r\ny'], [''], ['', '']])
  })

  it('numbers records by the physical line where they start', () => {
    // h / "a / b / c / d";x / y / (blank) / (blank) / z
    expect(lines('h\r\n"a\r\nb\nc\rd";x\ry\n\n\r\nz')).toEqual([1, 2, 6, 9])
    expect(lines('a\r\n\nb\r\r\nc\n\rd')).toEqual([1, 3, 5, 7])
  })

  it('accepts CR, LF and CRLF line ends, a BOM, and skips blank lines', () => {
    expect(cells('\ufeffa;b\rc;d\ne;f\r\n\r\n\n\r')).toEqual([
      ['a', 'b'],
      ['c', 'd'],
      ['e', 'f'],
    ])
    expect(cells('a\r\n\r\n\r\nb')).toEqual([['a'], ['b']])
  })

  it('keeps a trailing empty cell and reads a last line without a line break', () => {
    expect(cells('a;\nb;c')).toEqual([
      ['a', ''],
      ['b', 'c'],
    ])
    expect(cells('a;')).toEqual([['a', '']])
  })

  it('keeps a quote inside an unquoted cell as text, as Excel does', () => {
    expect(cells('12" pipe;ok')).toEqual([['12" pipe', 'ok']])
  })

  it('reports text after a closing quote, keeps it, and names the line and column', () => {
    const { records, problems } = parse('h;i\n1;"ab"c;d\n')
    expect(records[1].cells).toEqual(['1', 'abc', 'd'])
    expect(problems).toEqual([expect.objectContaining({ file: 'test.csv', line: 2, columnNumber: 2 })])
    expect(problems[0].message).toContain('doublé')
  })

  it('reports a quote left open at the line where it opened', () => {
    const error = thrown(() => parse('h;i\r\n1;2\r\n3;"open\r\nstill\r\nopen'))
    expect(error).toBeInstanceOf(CsvError)
    expect((error as CsvError).problem).toMatchObject({ line: 3, columnNumber: 2 })
    expect((error as CsvError).message).toContain('jamais refermé')
  })

  it('reports a file cut in the middle of a quoted cell (truncated)', () => {
    const whole = 'Nom;Détails\r\nA;"une\r\nlongue note"\r\nB;"autre"\r\n'
    const cut = whole.slice(0, whole.indexOf('longue') + 3)
    expect((thrown(() => parse(cut)) as CsvError).problem.line).toBe(2)
  })

  it('names the column in problems once the header names are known', () => {
    const problems = new ProblemList('x.csv', 10)
    const parser = new CsvParser({ file: 'x.csv', separator: ';', problems })
    parser.columnNames = ['Nom', 'Prénom']
    parser.push('a;"b')
    expect((thrown(() => parser.end()) as CsvError).problem).toEqual(
      expect.objectContaining({ file: 'x.csv', line: 1, column: 'Prénom' }),
    )
  })
})

describe('the parser limits', () => {
  const limits = { cellChars: 10, rowChars: 25, rowCells: 4 }
  const limited = (text: string) => () => {
    const parser = new CsvParser({
      file: 'x.csv',
      separator: ';',
      problems: new ProblemList('x.csv', 1),
      limits,
    })
    for (const char of text) parser.push(char)
    parser.end()
  }

  it('refuses a cell, a row or a cell count over the limit, with a French message and the line', () => {
    expect((thrown(limited('ok\n12345678901')) as CsvError).problem).toMatchObject({ line: 2 })
    const open = thrown(limited('ok\n"a\nb";"12345678901')) as CsvError
    expect(open.message).toContain('guillemet ouvert')
    expect(open.problem).toMatchObject({ line: 3, columnNumber: 2 })
    expect((thrown(limited('1234567890;1234567890;1234567890')) as CsvError).message).toContain(
      'ligne de plus',
    )
    expect((thrown(limited('1;2;3;4;5')) as CsvError).message).toContain('4 cellules')
    expect(thrown(limited('1234567890;1;2;3\n'))).toBeUndefined()
  })

  it('refuses a 10 MB cell quickly, quoted, unquoted or never closed', () => {
    const big = 'x'.repeat(10 * 1024 * 1024)
    for (const text of [
      `Nom;Détails\r\nA;"${big}"\r\n`,
      `Nom;Détails\r\nA;${big}\r\n`,
      `Nom;Détails\r\nA;"${big}`,
    ]) {
      const error = thrown(() => parse(text, ';', 256 * 1024)) as CsvError
      expect(error).toBeInstanceOf(CsvError)
      expect(error.problem).toMatchObject({ line: 2, columnNumber: 2 })
      expect(error.message).toContain('1 048 576 caractères')
    }
  })
})

describe('parser properties', () => {
  const csvText = fc.string({ unit: csvChar, maxLength: 200 })

  it('never throws anything but CsvError, whatever the text', () => {
    fc.assert(
      fc.property(csvText, fc.constantFrom(';', ',', '\t'), (text, separator) => {
        const error = thrown(() => parse(text, separator))
        expect(error === undefined || error instanceof CsvError).toBe(true)
      }),
      { numRuns: 500 },
    )
  })

  it('gives the same records and problems whatever the chunk size', () => {
    fc.assert(
      fc.property(csvText, fc.integer({ min: 1, max: 7 }), (text, chunk) => {
        const whole = thrown(() => parse(text)) ?? parse(text)
        const chunked = thrown(() => parse(text, ';', chunk)) ?? parse(text, ';', chunk)
        expect(chunked).toEqual(whole)
      }),
      { numRuns: 500 },
    )
  })

  it('reports an unterminated quote at the line where it opened', () => {
    const noQuote = fc.string({ unit: fc.constantFrom('a', ';', '\r', '\n', '\r\n', 'é'), maxLength: 30 })
    fc.assert(
      fc.property(table(3), noQuote, (rows, rest) => {
        const valid = rows.map((row) => row.map((c) => `"${c.replaceAll('"', '""')}"`).join(';')).join('\r\n')
        const before = `${valid}\r\nx;`
        const openLine = 1 + (before.replaceAll('\r\n', '\n').match(/[\r\n]/g)?.length ?? 0)
        const error = thrown(() => parse(`${before}"${rest}`)) as CsvError
        expect(error).toBeInstanceOf(CsvError)
        expect(error.problem.line).toBe(openLine)
      }),
    )
  })
})

describe('the parser beside csv-parse', () => {
  // csv-parse, tested against far more files than ours, is the oracle: on
  // any file our writer produces (any text in the cells: quotes, separators,
  // CR, LF, CRLF, BOM, emoji), both read the same records, and our record
  // lines agree with where csv-parse ends the previous record. We keep our
  // parser for its speed and its line numbers (docs/architecture.md, "CSV et
  // ZIP"), and this test keeps it honest.
  it('reads the same records as csv-parse, on the same lines', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 1, max: 5 }).chain(table),
        fc.constantFrom(';', ',', '\t' as const),
        (rows, separator) => {
          const text = Buffer.from(
            writeCsvTable(
              rows[0].map((_, i) => `c${i}`),
              rows,
              { separator },
            ),
          ).toString()
          const theirs = parseSync(text, {
            delimiter: separator,
            bom: true,
            info: true,
            relax_column_count: true,
            record_delimiter: '\r\n',
          }) as unknown as { record: string[]; info: { lines: number } }[]
          const ours = parse(text, separator).records
          expect(ours.map((r) => r.cells)).toEqual(theirs.map((r) => r.record))
          // csv-parse counts the CR and the LF of a CRLF inside a quoted cell as two
          // lines (a reason we keep our parser): compare lines where no cell holds a CR.
          if (!rows.some((row) => row.some((cell) => cell.includes('\r'))))
            expect(ours.slice(1).map((r) => r.line)).toEqual(theirs.slice(0, -1).map((r) => r.info.lines + 1))
        },
      ),
      { numRuns: 500 },
    )
  })
})
