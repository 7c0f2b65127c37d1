// The parts of the ZIP format (PKWARE APPNOTE 6.3) that a family file set
// needs: stored or deflated entries, UTF-8 names, no ZIP64, no encryption.
// Windows' "Envoyer vers › Dossier compressé", macOS' "Compresser" and
// 7-Zip write exactly that for files of this size.

export const LOCAL_HEADER = 0x04034b50
export const CENTRAL_HEADER = 0x02014b50
export const END_OF_CENTRAL_DIRECTORY = 0x06054b50

export const LOCAL_HEADER_SIZE = 30
export const CENTRAL_HEADER_SIZE = 46
export const END_SIZE = 22
/** The end record is followed by a comment of at most this many bytes. */
export const MAX_COMMENT = 0xffff

export const METHOD_STORED = 0
export const METHOD_DEFLATED = 8
/** General purpose flags: bit 0 encrypted, bit 11 name in UTF-8. */
export const FLAG_ENCRYPTED = 0x0001
export const FLAG_UTF8 = 0x0800
/** "Version needed to extract": 2.0, deflate. */
export const VERSION = 20

export interface ZipEntry {
  /** Path inside the archive, "/" separated, e.g. "export/enfants.csv". */
  name: string
  data: Uint8Array
}

/** MS-DOS date and time fields, in local time as zip tools expect. */
export function dosDateTime(date: Date): { time: number; date: number } {
  const year = Math.min(Math.max(date.getFullYear(), 1980), 2107)
  return {
    time: (date.getHours() << 11) | (date.getMinutes() << 5) | (date.getSeconds() >> 1),
    date: ((year - 1980) << 9) | ((date.getMonth() + 1) << 5) | date.getDate(),
  }
}
