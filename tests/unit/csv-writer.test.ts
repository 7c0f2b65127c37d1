import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import { isFormulaTrigger, neutraliseCell, restoreCell } from '../../src-main/backend/csv/cell-escape'
import { FAMILY_FILES } from '../../src-main/backend/csv/family-files'
import { readCsvTable } from '../../src-main/backend/csv/reader'
import { csvBoolean, csvDate, csvNumber } from '../../src-main/backend/csv/values'
import { CsvWriter, writeCsvTable } from '../../src-main/backend/csv/writer'
import { cellText, parse, table } from './csv-arbitraries'

const columns = FAMILY_FILES.sante.columns
const utf8 = (bytes: Uint8Array) => Buffer.from(bytes).toString('utf8')

describe('the CSV writer', () => {
  it('writes a BOM, ";", CRLF, and quotes only where RFC 4180 needs it', () => {
    const bytes = writeCsvTable(columns, [['1', 'Allergie', 'Arachide', '', 'dit "stop"; urgence\nappeler']])
    expect([...bytes.subarray(0, 3)]).toEqual([0xef, 0xbb, 0xbf])
    expect(utf8(bytes)).toBe(
      '\ufeffIdentifiant enfant;Type;Libellé;Allergène;Détails\r\n' +
        '1;Allergie;Arachide;;"dit ""stop""; urgence\nappeler"\r\n',
    )
  })

  it('neutralises formulas and the escape itself, and leaves other text alone', () => {
    const writer = new CsvWriter(['A'])
    expect(writer.row(['=1+1'])).toBe("'=1+1\r\n")
    expect(writer.row(['+33612345678'])).toBe("'+33612345678\r\n")
    expect(writer.row(["'déjà"])).toBe("''déjà\r\n")
    expect(writer.row(['\tx'])).toBe("'\tx\r\n")
    expect(writer.row(['\rx'])).toBe(`"'\rx"\r\n`)
    expect(writer.row(['a=b'])).toBe('a=b\r\n')
    expect(writer.row(['0612345678'])).toBe('0612345678\r\n')
    expect(writer.row([''])).toBe('""\r\n')
  })

  it('refuses a row of the wrong width: a programming error, not a file problem', () => {
    expect(() => new CsvWriter(['A', 'B']).row(['x'])).toThrow()
  })

  it('formats dates dd/mm/yyyy, flags Oui/Non and numbers with a decimal comma', () => {
    expect(csvDate('2017-07-03')).toBe('03/07/2017')
    expect(csvDate(null)).toBe('')
    expect([csvBoolean(true), csvBoolean(0), csvBoolean(1), csvBoolean(null)]).toEqual([
      'Oui',
      'Non',
      'Oui',
      '',
    ])
    expect(() => csvBoolean(2)).toThrow()
    expect([csvNumber(2.5), csvNumber(3), csvNumber(null)]).toEqual(['2,5', '3', ''])
  })
})

describe('writer properties', () => {
  it('neutralise then restore gives back any text, and never leaves a formula trigger', () => {
    fc.assert(
      fc.property(cellText, (text) => {
        expect(restoreCell(neutraliseCell(text))).toBe(text)
        expect(isFormulaTrigger(neutraliseCell(text))).toBe(false)
      }),
      { numRuns: 1000 },
    )
  })

  it('write then parse gives back any table exactly, cells as written on disk never starting a formula', () => {
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 5 }).chain(table), (rows) => {
        const header = rows[0].map((_, i) => `C${i}`)
        const text = utf8(writeCsvTable(header, rows))
        const { records, problems } = parse(text)
        expect(problems).toEqual([])
        const raw = records.slice(1).map((r) => r.cells)
        for (const cell of raw.flat()) expect(isFormulaTrigger(cell)).toBe(false)
        expect(raw.map((cells) => cells.map(restoreCell))).toEqual(rows)
      }),
      { numRuns: 500 },
    )
  })

  it('export then import of a family file gives back every row that is not blank, exactly', () => {
    fc.assert(
      fc.property(table(columns.length), (rows) => {
        const read = readCsvTable(writeCsvTable(columns, rows), { file: 'sante.csv', columns })
        expect(read.problems).toEqual([])
        expect(read.encoding).toBe('utf-8-bom')
        const kept = rows.filter((row) => row.some((cell) => cell.trim() !== ''))
        expect(read.rows.map((row) => columns.map((c) => row.values[c]))).toEqual(kept)
      }),
      { numRuns: 500 },
    )
  })

  it('a row whose only text is a tab or a new line is blank once read back, as it is in a raw file', () => {
    // fast-check's counterexample (seed -1504078562): the tab is written "'\t", which is not blank as such.
    const rows = [
      ['', '', '\t', '', ''],
      ['', '\n', '', '', ' '],
      ['1', '', '\t', '', ''],
    ]
    const read = readCsvTable(writeCsvTable(columns, rows), { file: 'sante.csv', columns })
    expect(read.rows.map((row) => columns.map((c) => row.values[c]))).toEqual([['1', '', '\t', '', '']])
  })

  it('writes no cell that starts a formula: checked on the raw bytes', () => {
    const dangerous = fc.constantFrom('=', '+', '-', '@', '\t', '\uff1d', "'")
    // No separator, quote nor line break in the rest, so each line splits plainly.
    const rest = fc.stringMatching(/^[a-z0-9 (),.+=@-]*$/)
    fc.assert(
      fc.property(fc.array(fc.tuple(dangerous, rest, rest), { minLength: 1, maxLength: 10 }), (rows) => {
        const text = utf8(
          writeCsvTable(
            ['A', 'B'],
            rows.map(([d, a, b]) => [d + a, d + b]),
          ),
        )
        for (const line of text.split('\r\n').slice(1, -1)) expect(line).toMatch(/^'[^;]*;'/)
      }),
    )
  })
})
