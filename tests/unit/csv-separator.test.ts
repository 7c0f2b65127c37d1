import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import { FAMILY_FILES } from '../../src-main/backend/csv/family-files'
import { detectSeparator, SEPARATORS } from '../../src-main/backend/csv/separator'
import { CsvWriter } from '../../src-main/backend/csv/writer'
import { table } from './csv-arbitraries'

const columns = FAMILY_FILES.vaccinations.columns

function write(
  rows: string[][],
  separator: (typeof SEPARATORS)[number],
  header: readonly string[] = columns,
) {
  const writer = new CsvWriter(header, { separator })
  return writer.start() + rows.map((row) => writer.row(row)).join('')
}

describe('separator detection', () => {
  it('finds ";", "," and tab from the header', () => {
    expect(detectSeparator('Identifiant enfant;Vaccin;Date\r\n1;a,b;c')).toBe(';')
    expect(detectSeparator('Identifiant enfant,Vaccin,Date\r\n1,"a;b",c')).toBe(',')
    expect(detectSeparator('Identifiant enfant\tVaccin\tDate\r\n1\ta;b,c\tc')).toBe('\t')
  })

  it('is not fooled by separators inside quoted cells', () => {
    const sample = 'Nom,Détails\n"Dupont; Martin","a;b;c;d"\n"X; Y","1;2"\n'
    expect(detectSeparator(sample)).toBe(',')
  })

  it('prefers a header of several cells that the rows agree with', () => {
    expect(detectSeparator('a,b,c\n1,2,3\n4,5,6\n')).toBe(',')
    expect(detectSeparator('a;b\n1,5;2\n')).toBe(';')
    expect(detectSeparator('seule\n')).toBe(';')
  })

  it('finds the separator of any generated family file', () => {
    fc.assert(
      fc.property(table(columns.length), fc.constantFrom(...SEPARATORS), (rows, separator) => {
        expect(detectSeparator(write(rows, separator))).toBe(separator)
      }),
      { numRuns: 300 },
    )
  })

  it('finds the separator of generated files with any column names', () => {
    const names = fc.uniqueArray(fc.stringMatching(/^[A-Za-z]{1,8}$/), { minLength: 2, maxLength: 6 })
    fc.assert(
      fc.property(
        names.chain((header) => fc.tuple(fc.constant(header), table(header.length))),
        fc.constantFrom(...SEPARATORS),
        ([header, rows], separator) => {
          expect(detectSeparator(write(rows, separator, header))).toBe(separator)
        },
      ),
      { numRuns: 300 },
    )
  })
})
