import { closeSync, openSync, readFileSync, statSync, writeSync } from 'node:fs'
import { join } from 'node:path'
import { setFlagsFromString } from 'node:v8'
import { runInNewContext } from 'node:vm'
import { Parser } from 'csv-parse'
import iconv from 'iconv-lite'
import { EncodingSniffer } from '../src-main/backend/csv/encoding'
import { FAMILY_FILES } from '../src-main/backend/csv/family-files'
import { readCsvFile } from '../src-main/backend/csv/file-reader'
import { CsvError } from '../src-main/backend/csv/problems'
import { readCsvTable } from '../src-main/backend/csv/reader'
import { CsvWriter } from '../src-main/backend/csv/writer'
import { readZip } from '../src-main/backend/csv/zip-read'
import { writeZip } from '../src-main/backend/csv/zip-write'
import { type BenchSuite, fmt, tempDir, timed } from './harness'

// The CSV codec on a 50 MB responsables.csv (about 200,000 rows: more than a
// large city's families), streamed from disk and read in memory, plus the
// limits' refusals. Figures only; the tests check behaviour.

setFlagsFromString('--expose-gc')
const gc = runInNewContext('gc') as () => void
const columns = FAMILY_FILES.responsables.columns
const MB = 1024 * 1024
const TARGET_BYTES = 50 * MB

function row(i: number): string[] {
  const cells = columns.map((c, j) => `${c.slice(0, 6)} ${i}-${j}`)
  cells[0] = String(383304832264 + (i >> 1))
  cells[1] = i % 2 ? 'Conjoint' : 'Responsable'
  cells[3] = i % 7 ? 'Lefèvre-Noël' : 'D’Almeida'
  cells[7] = i % 50 ? '12 chemin des Écureuils' : '"La Ferme", bâtiment B ;\r\nescalier 3'
  cells[15] = i % 3 ? '0612345678' : '+41791234567'
  return cells
}

/** Writes the file row by row, as an export would; returns its size. */
function writeFile(path: string, encoding: 'utf8' | 'windows-1252'): number {
  const writer = new CsvWriter(columns)
  const fd = openSync(path, 'w')
  const put = (text: string) =>
    writeSync(fd, encoding === 'utf8' ? Buffer.from(text) : iconv.encode(text, encoding))
  let size = put(encoding === 'utf8' ? writer.start() : writer.start().slice(1))
  let batch: string[] = []
  for (let i = 0; size < TARGET_BYTES; i++) {
    batch.push(writer.row(row(i)))
    if (batch.length === 1000) {
      size += put(batch.join(''))
      batch = []
    }
  }
  size += put(batch.join(''))
  closeSync(fd)
  return size
}

function heapMB(): number {
  return process.memoryUsage().heapUsed / MB
}

async function streamFigures(path: string, label: string, report: (line: string) => void) {
  gc()
  const before = heapMB()
  let peak = before
  let count = 0
  const run = await timed(() =>
    readCsvFile(path, { file: 'responsables.csv', columns }, () => {
      if (++count % 5000 === 0) peak = Math.max(peak, heapMB())
    }),
  )
  const mb = statSync(path).size / MB
  report(
    `lecture en flux ${label} (${mb.toFixed(0)} Mo, ${count} lignes, 2 passes) : ${fmt(run.ms)} (${(mb / (run.ms / 1000)).toFixed(0)} Mo/s), tas au plus haut +${(peak - before).toFixed(0)} Mo`,
  )
}

export const csvCodecSuite: BenchSuite = {
  name: 'csv-codec',
  async run(report) {
    const tmp = tempDir('csv')
    try {
      const utf8Path = join(tmp.dir, 'responsables.csv')
      const written = await timed(() => writeFile(utf8Path, 'utf8'))
      report(`écriture de ${(written.value / MB).toFixed(0)} Mo (UTF-8, neutralisation) : ${fmt(written.ms)}`)
      const latinPath = join(tmp.dir, 'responsables-1252.csv')
      writeFile(latinPath, 'windows-1252')
      const bytes = readFileSync(utf8Path)
      await readFigures(bytes, report)
      await csvParseFigures(bytes, report)
      await streamFigures(utf8Path, 'UTF-8', report)
      await streamFigures(latinPath, 'Windows-1252', report)
      await zipFigures(bytes, report)
      await csvRefusals(report)
      await zipBomb(report)
      report(`pic de mémoire du processus (RSS) : ${(process.resourceUsage().maxRSS / 1024).toFixed(0)} Mo`)
    } finally {
      tmp.dispose()
    }
  },
}

/** Encoding detection alone, then a whole file read in memory with its rows kept, as a preview would. */
async function readFigures(bytes: Uint8Array, report: (line: string) => void) {
  const sniff = await timed(() => {
    const sniffer = new EncodingSniffer('responsables.csv')
    sniffer.push(bytes)
    return sniffer.result()
  })
  report(`détection de l’encodage (${sniff.value}) : ${fmt(sniff.ms)}`)
  gc()
  const before = heapMB()
  const table = await timed(() => readCsvTable(bytes, { file: 'responsables.csv', columns }))
  const rows = table.value.rows.length
  report(
    `lecture en mémoire, lignes gardées (${rows} lignes) : ${fmt(table.ms)}, tas +${(heapMB() - before).toFixed(0)} Mo`,
  )
}

/**
 * The same file read by csv-parse, the library our parser is compared with
 * (tests/unit/csv-parser.test.ts): why docs/architecture.md keeps ours.
 */
async function csvParseFigures(bytes: Uint8Array, report: (line: string) => void) {
  const text = Buffer.from(bytes).toString('utf8')
  const run = await timed(
    () =>
      new Promise<number>((resolve, reject) => {
        let records = 0
        const parser = new Parser({ delimiter: ';', bom: true, relax_quotes: true, relax_column_count: true })
        parser.on('readable', () => {
          while (parser.read() !== null) records++
        })
        parser.on('error', reject)
        parser.on('end', () => resolve(records))
        for (let at = 0; at < text.length; at += 256 * 1024) parser.write(text.slice(at, at + 256 * 1024))
        parser.end()
      }),
  )
  report(`  la même lecture par csv-parse (${run.value} enregistrements, sans la suite) : ${fmt(run.ms)}`)
}

async function zipFigures(bytes: Uint8Array, report: (line: string) => void) {
  const zipped = await timed(() => writeZip([{ name: 'responsables.csv', data: bytes }], new Date()))
  report(`zip : écriture ${fmt(zipped.ms)} (${(zipped.value.length / MB).toFixed(1)} Mo)`)
  const unzipped = await timed(() => [...readZip(zipped.value, 'export.zip')].length)
  report(`zip : lecture et contrôle CRC ${fmt(unzipped.ms)}`)
}

/** "refusé" when `read` throws CsvError, as it should on hostile input. */
function outcome(read: () => unknown): string {
  try {
    read()
    return 'accepté'
  } catch (error) {
    return error instanceof CsvError ? 'refusé' : 'ERREUR'
  }
}

/** How fast the limits turn a hostile file down. */
async function csvRefusals(report: (line: string) => void) {
  const header = `${columns.join(';')}\r\n`
  const cases = [
    ['cellule de 10 Mo', `${header}1;"${'x'.repeat(10 * MB)}"\r\n`],
    [
      'guillemet jamais fermé ligne 2 d’un fichier de 50 Mo',
      `${header}1;"${'x;y\r\n'.repeat(TARGET_BYTES / 5)}`,
    ],
  ]
  for (const [label, text] of cases) {
    const data = Buffer.from(text)
    const run = await timed(() => outcome(() => readCsvTable(data, { file: 'responsables.csv', columns })))
    report(`${label} : ${run.value} en ${fmt(run.ms)}`)
  }
}

/** 256 Mo of zeros deflate to about 250 Ko; the entry announces 1 Ko. */
async function zipBomb(report: (line: string) => void) {
  const bomb = writeZip([{ name: 'sante.csv', data: new Uint8Array(256 * MB) }], new Date())
  const view = new DataView(bomb.buffer, bomb.byteOffset)
  const central = Buffer.from(bomb).lastIndexOf(Buffer.from([0x50, 0x4b, 0x01, 0x02]))
  view.setUint32(central + 24, 1024, true) // central header: uncompressed size
  view.setUint32(22, 1024, true) // local header of the first entry: the same
  gc()
  const memory = () => heapMB() + process.memoryUsage().arrayBuffers / MB
  const before = memory()
  const run = await timed(() => outcome(() => [...readZip(bomb, 'bombe.zip')]))
  const size = `${(bomb.length / 1024).toFixed(0)} Ko`
  report(
    `bombe zip (${size}, 256 Mo annoncés 1 Ko) : ${run.value} en ${fmt(run.ms)}, mémoire +${(memory() - before).toFixed(1)} Mo`,
  )
}
