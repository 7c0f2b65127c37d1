import { createReadStream } from 'node:fs'
import { stat } from 'node:fs/promises'
import { EncodingSniffer } from './encoding'
import { CSV_LIMITS, formatMegabytes } from './limits'
import { CsvError, type CsvProblem } from './problems'
import {
  type CsvFileInfo,
  type CsvReadOptions,
  type CsvRow,
  CsvTableReader,
  READ_CHUNK_BYTES,
} from './reader'

// Reads a family file from disk in bounded memory: a first pass decides the
// encoding (one invalid UTF-8 byte anywhere means Windows-1252), a second
// decodes and parses, handing each row to `onRow` as it completes. Memory is
// one chunk plus the longest row, whatever the file's size.

export async function readCsvFile<C extends string>(
  path: string,
  options: CsvReadOptions<C>,
  onRow: (row: CsvRow<C>) => void,
): Promise<CsvFileInfo<C> & { problems: CsvProblem[] }> {
  const { size } = await stat(path)
  if (size > CSV_LIMITS.fileBytes)
    throw new CsvError({
      file: options.file,
      message: `fichier trop gros (plus de ${formatMegabytes(CSV_LIMITS.fileBytes)}).`,
    })
  const sniffer = new EncodingSniffer(options.file)
  for await (const chunk of chunks(path)) sniffer.push(chunk)
  const reader = new CsvTableReader(options, sniffer.result())
  for await (const chunk of chunks(path)) for (const row of reader.push(chunk)) onRow(row)
  for (const row of reader.end()) onRow(row)
  return { ...reader.info(), problems: reader.problemList() }
}

function chunks(path: string): AsyncIterable<Buffer> {
  return createReadStream(path, { highWaterMark: READ_CHUNK_BYTES })
}
