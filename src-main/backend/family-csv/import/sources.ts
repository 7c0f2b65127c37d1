import { createReadStream } from 'node:fs'
import { readdir, readFile, stat } from 'node:fs/promises'
import { basename, join } from 'node:path'
import {
  CSV_LIMITS,
  CsvError,
  type CsvFileInfo,
  CsvParser,
  type CsvProblem,
  type CsvRow,
  CsvTableReader,
  createDecoder,
  detectSeparator,
  EncodingSniffer,
  FAMILY_FILE_KEYS,
  familyFileByName,
  ProblemList,
  readZip,
  ZIP_LIMITS,
} from '../../csv/index'
import { formatMegabytes } from '../../csv/limits'
import { SEPARATOR_SAMPLE_CHARS } from '../../csv/separator'

// The files of an import, wherever they are: CSV files, folders of them, or
// .zip archives (read whole, within the codec's limits). Each file is read
// twice, in chunks: once to decide its encoding (one byte that is not UTF-8
// anywhere makes it Windows-1252), once to parse it.

export interface SourceFile {
  /** As staff know it and problems name it: "enfants.csv". */
  name: string
  size: number
  chunks(): AsyncIterable<Uint8Array>
}

const CHUNK_BYTES = 256 * 1024

function fromDisk(path: string, size: number): SourceFile {
  return {
    name: basename(path),
    size,
    chunks: () => createReadStream(path, { highWaterMark: CHUNK_BYTES }),
  }
}

function fromMemory(name: string, data: Uint8Array): SourceFile {
  return {
    name,
    size: data.length,
    async *chunks() {
      for (let at = 0; at < data.length; at += CHUNK_BYTES) yield data.subarray(at, at + CHUNK_BYTES)
    },
  }
}

const isZip = (path: string) => path.toLowerCase().endsWith('.zip')
const isCsv = (name: string) => /\.(csv|txt|tsv)$/i.test(name)

async function zipSources(path: string, size: number): Promise<SourceFile[]> {
  const name = basename(path)
  if (size > ZIP_LIMITS.archiveBytes)
    throw new CsvError({
      file: name,
      message: `archive trop grosse (plus de ${formatMegabytes(ZIP_LIMITS.archiveBytes)}).`,
    })
  const sources: SourceFile[] = []
  for (const entry of readZip(await readFile(path), name))
    if (isCsv(entry.name)) sources.push(fromMemory(basename(entry.name), entry.data))
  if (sources.length === 0)
    throw new CsvError({ file: name, message: 'l’archive ne contient aucun fichier CSV.' })
  return sources
}

/**
 * The files behind `paths` (CSV files, folders, .zip archives). A path that
 * cannot be read is a problem of its own; two files of the same name are
 * refused (which one would win?).
 */
export async function openSources(
  paths: readonly string[],
): Promise<{ sources: SourceFile[]; problems: CsvProblem[] }> {
  const sources: SourceFile[] = []
  const problems: CsvProblem[] = []
  for (const path of paths) {
    try {
      const info = await stat(path)
      if (info.isDirectory()) {
        const names = (await readdir(path)).filter(isCsv).sort()
        if (names.length === 0)
          problems.push({ file: basename(path), message: 'ce dossier ne contient aucun fichier CSV.' })
        for (const name of names)
          sources.push(fromDisk(join(path, name), (await stat(join(path, name))).size))
      } else if (isZip(path)) sources.push(...(await zipSources(path, info.size)))
      else if (info.size > CSV_LIMITS.fileBytes)
        problems.push({
          file: basename(path),
          message: `fichier trop gros (plus de ${formatMegabytes(CSV_LIMITS.fileBytes)}).`,
        })
      else sources.push(fromDisk(path, info.size))
    } catch (error) {
      if (error instanceof CsvError) problems.push(error.problem)
      else problems.push({ file: basename(path), message: 'fichier introuvable ou illisible.' })
    }
  }
  const seen = new Set<string>()
  const unique = sources.sort(byFormatsOrder).filter((source) => {
    const key = source.name.toLowerCase()
    if (!seen.has(key)) return seen.add(key)
    problems.push({ file: source.name, message: 'deux fichiers portent ce nom : importez-les séparément.' })
    return false
  })
  return { sources: unique, problems }
}

/** The six files in the order of docs/fichiers-csv.md (families before what hangs from them), then any other file. */
function byFormatsOrder(a: SourceFile, b: SourceFile): number {
  const rank = (s: SourceFile) => {
    const key = familyFileByName(s.name)
    return key ? FAMILY_FILE_KEYS.indexOf(key) : FAMILY_FILE_KEYS.length
  }
  return rank(a) - rank(b) || a.name.localeCompare(b.name)
}

async function encodingOf(source: SourceFile, onBytes: (n: number) => void) {
  const sniffer = new EncodingSniffer(source.name)
  for await (const chunk of source.chunks()) {
    sniffer.push(chunk)
    onBytes(chunk.length)
  }
  return sniffer.result()
}

/**
 * Reads a file's rows keyed by `columns` (the codec maps its header onto
 * them), row by row; throws CsvError when nothing trustworthy can be read.
 */
export async function readSource<C extends string>(
  source: SourceFile,
  columns: readonly C[],
  handlers: {
    /** Once the header is read, before the first row. */
    header(info: CsvFileInfo<C>): void
    row(row: CsvRow<C>): void
    bytes(n: number): void
  },
) {
  const reader = new CsvTableReader({ file: source.name, columns }, await encodingOf(source, handlers.bytes))
  let started = false
  const deliver = (rows: CsvRow<C>[]) => {
    for (const row of rows) {
      if (!started) {
        started = true
        handlers.header(reader.info())
      }
      handlers.row(row)
    }
  }
  for await (const chunk of source.chunks()) {
    deliver(reader.push(chunk))
    handlers.bytes(chunk.length)
  }
  deliver(reader.end())
  const info = reader.info()
  if (!started) handlers.header(info)
  return { ...info, problems: reader.problemList() }
}

/** The cells of a file's first line, to recognise what the file is; [] when it has none. */
export async function readHeaderCells(source: SourceFile): Promise<string[]> {
  const decoder = createDecoder(await encodingOf(source, () => {}), source.name)
  let text = ''
  let complete = true
  for await (const chunk of source.chunks()) {
    text += decoder.write(chunk)
    if (text.length >= SEPARATOR_SAMPLE_CHARS) {
      complete = false
      break
    }
  }
  const parser = new CsvParser({
    file: source.name,
    separator: detectSeparator(text, complete),
    problems: new ProblemList(source.name, 0),
  })
  const records = parser.push(text)
  if (records.length === 0 && complete)
    try {
      records.push(...parser.end())
    } catch {
      // The full read reports it, with its line.
    }
  return records[0]?.cells ?? []
}
