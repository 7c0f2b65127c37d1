import fc from 'fast-check'
import iconv from 'iconv-lite'
import { describe, expect, it } from 'vitest'
import { detectEncoding } from '../../src-main/backend/csv/encoding'
import { FAMILY_FILES } from '../../src-main/backend/csv/family-files'
import { CsvError, formatProblem } from '../../src-main/backend/csv/problems'
import { CsvTableReader, readCsvTable } from '../../src-main/backend/csv/reader'
import { writeCsvTable } from '../../src-main/backend/csv/writer'
import { csvChar, split, table, thrown } from './csv-arbitraries'

const columns = FAMILY_FILES.enfants.columns
const options = { file: 'enfants.csv', columns }
const read = (text: string | Uint8Array) =>
  readCsvTable(typeof text === 'string' ? Buffer.from(text, 'utf8') : text, options)
const failure = (text: string | Uint8Array) => (thrown(() => read(text)) as CsvError).problem
const header = columns.join(';')

describe('reading a family file', () => {
  it('gives rows keyed by column, with their line, and what the preview shows', () => {
    const table = read(
      `Identifiant;N° famille;nom;Prénom\r\n1;383304832264;'=Martin;Léa\r\n\r\n2;38;"Dupont\r\nJr";Tom\r\n`,
    )
    expect(table).toMatchObject({
      encodingLabel: 'UTF-8',
      separatorLabel: 'point-virgule',
      present: ['Identifiant', 'N° famille', 'Nom', 'Prénom'],
      renamed: [{ column: 'Nom', found: 'nom' }],
      problems: [],
    })
    expect(table.missing).toContain('École')
    expect(table.rows).toEqual([
      { line: 2, values: { Identifiant: '1', 'N° famille': '383304832264', Nom: '=Martin', Prénom: 'Léa' } },
      { line: 4, values: { Identifiant: '2', 'N° famille': '38', Nom: 'Dupont\r\nJr', Prénom: 'Tom' } },
    ])
  })

  it('says "fichier vide" for an empty file, a BOM alone or blank lines', () => {
    for (const text of ['', '\ufeff', '\r\n\r\n', '\n'])
      expect(failure(text)).toEqual({ file: 'enfants.csv', message: 'fichier vide.' })
  })

  it('reads a header alone as a file without rows', () => {
    const table = read(`${header}\r\n`)
    expect(table.rows).toEqual([])
    expect(table.problems).toEqual([])
    expect(table.present).toEqual(columns)
  })

  it('lists duplicate and unknown headers at line 1, and still reads the rows', () => {
    const table = read('Identifiant;Nom;Pointure;NOM\r\n1;A;42;B\r\n')
    expect(table.problems.map(formatProblem)).toEqual([
      expect.stringMatching(/^enfants\.csv, ligne 1, colonne 3 : colonne inconnue « Pointure »/),
      'enfants.csv, ligne 1, colonne « Nom » : colonne en double (colonnes 2 et 4).',
    ])
    expect(table.rows[0].values).toEqual({ Identifiant: '1', Nom: 'A' })
  })

  it('refuses a row too short, and one too long when the extra cells hold something', () => {
    const table = read('Identifiant;Nom;Prénom\r\n1;A\r\n2;B;C;;\r\n3;C;D;x\r\n')
    expect(table.problems).toEqual([
      {
        file: 'enfants.csv',
        line: 2,
        column: 'Prénom',
        message: 'ligne incomplète : 2 cellules au lieu de 3.',
      },
      {
        file: 'enfants.csv',
        line: 4,
        columnNumber: 4,
        message: 'cellule en trop : la ligne a 4 cellules, l’en-tête 3.',
      },
    ])
    expect(table.rows.map((row) => row.values)).toEqual([
      { Identifiant: '1', Nom: 'A' },
      { Identifiant: '2', Nom: 'B', Prénom: 'C' },
      { Identifiant: '3', Nom: 'C', Prénom: 'D' },
    ])
  })

  it('lists at most 1000 problems per file, then counts the others', () => {
    const table = read(`Identifiant;Nom\r\n${'1\r\n'.repeat(1500)}`)
    expect(table.problems).toHaveLength(1001)
    expect(table.problems[1000]).toEqual({
      file: 'enfants.csv',
      message: '500 autres problèmes ne sont pas listés : corrigez d’abord ceux-ci.',
    })
  })

  it('refuses a value under an unnamed column, and skips rows with nothing in them', () => {
    const table = read('Identifiant;;Nom\r\n1;;A\r\n ; ;\r\n2;x;B\r\n')
    expect(table.rows.map((r) => r.line)).toEqual([2, 4])
    expect(table.problems).toEqual([
      { file: 'enfants.csv', line: 4, columnNumber: 2, message: 'valeur dans une colonne sans nom.' },
    ])
  })

  it('reports a file cut in the middle of a quoted cell at the line where the quote opened', () => {
    const whole = Buffer.from(
      writeCsvTable(columns, [columns.map(() => 'a'), columns.map((_, i) => `l1\r\nl2 ${i}`)]),
    )
    // Row 2 starts on line 3 and each of its cells holds a line break: the sixth opens on line 8.
    const cut = whole.subarray(0, whole.indexOf('l2 5'))
    expect(failure(cut)).toMatchObject({ line: 8, column: 'Date de naissance' })
  })

  it('refuses a 10 MB cell with a message naming its line and column', () => {
    const problem = failure(`Identifiant;Nom\r\n1;"${'x'.repeat(10 * 1024 * 1024)}"\r\n`)
    expect(problem).toMatchObject({ file: 'enfants.csv', line: 2, column: 'Nom' })
    expect(problem.message).toContain('cellule de plus de 1 048 576 caractères')
  })

  it('reads Windows-1252 with commas, and UTF-16 with tabs', () => {
    const latin = read(
      iconv.encode('Identifiant,Nom,École\r\n1,Gaëlle,"Saint-Exupéry, Biviers"\r\n', 'windows-1252'),
    )
    expect(latin).toMatchObject({ encodingLabel: 'Windows-1252', separatorLabel: 'virgule' })
    expect(latin.rows[0].values).toEqual({ Identifiant: '1', Nom: 'Gaëlle', École: 'Saint-Exupéry, Biviers' })
    const unicode = Buffer.concat([
      Buffer.from([0xff, 0xfe]),
      Buffer.from('Identifiant\tNom\r\n1\tZoé\r\n', 'utf16le'),
    ])
    expect(read(unicode)).toMatchObject({ separatorLabel: 'tabulation', rows: [{ values: { Nom: 'Zoé' } }] })
  })
})

describe('reader properties', () => {
  it('never throws anything but CsvError, whatever the bytes', () => {
    const bytes = fc.oneof(
      fc.uint8Array({ maxLength: 300 }),
      fc.string({ unit: csvChar, maxLength: 300 }).map((s) => Buffer.from(`${header}\n${s}`)),
      fc.string({ unit: csvChar, maxLength: 300 }).map((s) => Buffer.from(s)),
    )
    fc.assert(
      fc.property(bytes, (data) => {
        const error = thrown(() => read(data))
        if (error !== undefined && !(error instanceof CsvError)) throw error
      }),
      { numRuns: 1000 },
    )
  })

  it('reads the same rows and problems whatever the chunks the bytes come in', () => {
    fc.assert(
      fc.property(
        table(4),
        fc.array(fc.double({ min: 0, max: 1, noNaN: true })),
        fc.constantFrom('utf-8', 'windows-1252'),
        (rows, cuts, encoding) => {
          const text = Buffer.from(writeCsvTable(columns.slice(0, 4), rows)).toString('utf8')
          const data = encoding === 'utf-8' ? Buffer.from(text) : iconv.encode(text, 'windows-1252')
          const reader = new CsvTableReader(options, detectEncoding(data, 'enfants.csv'))
          const chunked = split(data, cuts).flatMap((part) => reader.push(part))
          chunked.push(...reader.end())
          const whole = read(data)
          expect(chunked).toEqual(whole.rows)
          expect(reader.problemList()).toEqual(whole.problems)
        },
      ),
    )
  })
})
