import { mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import fc from 'fast-check'
import iconv from 'iconv-lite'
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { FAMILY_FILE_KEYS, FAMILY_FILES, familyFileByName } from '../../src-main/backend/csv/family-files'
import { readCsvFile } from '../../src-main/backend/csv/file-reader'
import { CsvError } from '../../src-main/backend/csv/problems'
import { type CsvRow, readCsvTable } from '../../src-main/backend/csv/reader'
import { writeCsvTable } from '../../src-main/backend/csv/writer'
import { readZip } from '../../src-main/backend/csv/zip-read'
import { writeZip } from '../../src-main/backend/csv/zip-write'
import { cellText, thrown } from '../unit/csv-arbitraries'

let dir: string
beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'marelle-csv-'))
})
afterEach(() => rmSync(dir, { recursive: true, force: true }))

describe('a family file set', () => {
  it('exported as a zip and imported back gives every file, every row, every cell', () => {
    const nonBlank = cellText.filter((text) => text.trim() !== '')
    const sets = fc.record(
      Object.fromEntries(
        FAMILY_FILE_KEYS.map((key) => {
          const width = FAMILY_FILES[key].columns.length
          return [key, fc.array(fc.array(nonBlank, { minLength: width, maxLength: width }), { maxLength: 4 })]
        }),
      ) as Record<(typeof FAMILY_FILE_KEYS)[number], fc.Arbitrary<string[][]>>,
    )
    fc.assert(
      fc.property(sets, (set) => {
        const files = FAMILY_FILE_KEYS.map((key) => ({
          name: `export/${FAMILY_FILES[key].name}`,
          data: writeCsvTable(FAMILY_FILES[key].columns, set[key]),
        }))
        for (const { name, data } of readZip(writeZip(files, new Date()), 'export.zip')) {
          const key = familyFileByName(name)!
          const { columns } = FAMILY_FILES[key]
          const table = readCsvTable(data, { file: FAMILY_FILES[key].name, columns })
          expect(table.problems).toEqual([])
          expect(table.rows.map((row) => columns.map((c) => row.values[c]))).toEqual(set[key])
        }
      }),
      { numRuns: 30 },
    )
  })
})

describe('reading a file from disk', () => {
  const columns = FAMILY_FILES.vaccinations.columns
  const options = { file: 'vaccinations.csv', columns }

  async function fromDisk(data: Uint8Array) {
    const path = join(dir, 'vaccinations.csv')
    writeFileSync(path, data)
    const rows: CsvRow<(typeof columns)[number]>[] = []
    const info = await readCsvFile(path, options, (row) => rows.push(row))
    return { ...info, rows }
  }

  it('streams the same rows, problems and preview as reading it in memory, over many chunks', async () => {
    const rows = Array.from({ length: 30_000 }, (_, i) => [
      `${i}`,
      'Pentacoq',
      '12/06/2014',
      `${i % 4}`,
      `L${i}`,
      '',
      'Dr Müller',
    ])
    rows[12_345][6] = 'une note\r\nsur deux lignes ; avec « guillemets "" »'
    const text = Buffer.from(writeCsvTable(columns, rows)).toString('utf8').replace('\r\n1;', '\r\n1;x;')
    const data = iconv.encode(text.replace('\ufeff', ''), 'windows-1252')
    expect(data.length).toBeGreaterThan(1024 * 1024)
    const streamed = await fromDisk(data)
    const inMemory = readCsvTable(data, options)
    expect(streamed).toEqual(inMemory)
    expect(streamed.encodingLabel).toBe('Windows-1252')
    expect(streamed.problems).toHaveLength(1)
    expect(streamed.rows[12_345].values.Médecin).toContain('« guillemets "" »')
  })

  it('reports a quote left open at the line where it opened, from disk too', async () => {
    const data = Buffer.from('Identifiant enfant;Vaccin\r\n1;ROR\r\n2;"Pentacoq\r\n3;Infanrix\r\n')
    const error = await fromDisk(data).catch((e: unknown) => e)
    expect(error).toBeInstanceOf(CsvError)
    expect((error as CsvError).problem).toMatchObject({ line: 3, column: 'Vaccin' })
    expect(thrown(() => readCsvTable(data, options))).toEqual(error)
  })
})
