// The codec's limits. Real family files are far below them (a commune of
// 50,000 families writes well under 50 MB); they exist so that a damaged or
// hostile file gives a clear French message instead of exhausting memory.
// Each one is named in docs/fichiers-csv.md: change both together.

const MIB = 1024 * 1024

export const CSV_LIMITS = {
  /** One CSV file, in bytes (a folder or a .zip holds up to six). */
  fileBytes: 128 * MIB,
  /** One cell, in characters: a longer one is almost always a quote left open. */
  cellChars: 1 * MIB,
  /** One row (record), in characters, cells and separators together. */
  rowChars: 2 * MIB,
  /** Cells in one row: the widest family file has 23 columns. */
  rowCells: 1000,
  /** Problems listed for one file; a file that breaks more is reported as such. */
  problems: 1000,
} as const

export const ZIP_LIMITS = {
  /** The .zip itself, in bytes. */
  archiveBytes: 256 * MIB,
  /** Entries in the archive (six CSV files expected). */
  entries: 100,
  /** One entry once decompressed: the size of one CSV file. */
  entryBytes: CSV_LIMITS.fileBytes,
  /** All entries once decompressed: what a zip bomb would blow past. */
  totalBytes: 512 * MIB,
} as const

/** "128 Mo" for messages to staff (French uses Mo for mebibytes in everyday speech). */
export function formatMegabytes(bytes: number): string {
  return `${Math.round(bytes / MIB)} Mo`
}

/** "1 048 576" with French digit grouping. */
export function formatCount(count: number): string {
  return count.toLocaleString('fr-FR').replace(/\s/g, ' ')
}
