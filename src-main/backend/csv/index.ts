// The CSV codec of family files: encoding, separator, RFC 4180 parsing,
// header mapping, writing with formula neutralisation, and the .zip form.
// Pure (no database, no Electron), synchronous or streaming, so that import
// and export can run in a worker thread. docs/fichiers-csv.md tells staff.

export { isFormulaTrigger, NEUTRALISING_PREFIX, neutraliseCell, restoreCell } from './cell-escape'
export {
  createDecoder,
  detectEncoding,
  ENCODING_LABELS,
  type EncodingName,
  EncodingSniffer,
  type StreamDecoder,
} from './encoding'
export {
  FAMILY_FILE_KEYS,
  FAMILY_FILES,
  type FamilyColumn,
  type FamilyFile,
  type FamilyFileKey,
  type FamilyFileName,
  familyFileByName,
} from './family-files'
export { readCsvFile } from './file-reader'
export { type HeaderMap, looseKey, mapHeader } from './header'
export { CSV_LIMITS, ZIP_LIMITS } from './limits'
export { CsvParser, type CsvRecord, type ParserOptions } from './parser'
export { CsvError, type CsvProblem, formatProblem, ProblemList } from './problems'
export {
  type CsvFileInfo,
  type CsvReadOptions,
  type CsvRow,
  type CsvTable,
  CsvTableReader,
  readCsvTable,
} from './reader'
export { detectSeparator, SEPARATOR_LABELS, SEPARATORS, type Separator } from './separator'
export { csvBoolean, csvDate, csvNumber } from './values'
export { CSV_BOM, CSV_NEWLINE, CsvWriter, type CsvWriterOptions, writeCsvTable } from './writer'
export type { ZipEntry } from './zip-format'
export { readZip } from './zip-read'
export { writeZip } from './zip-write'
