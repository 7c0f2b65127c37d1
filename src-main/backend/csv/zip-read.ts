import { crc32, inflateRawSync } from 'node:zlib'
import iconv from 'iconv-lite'
import { formatMegabytes, ZIP_LIMITS } from './limits'
import { CsvError } from './problems'
import {
  CENTRAL_HEADER,
  CENTRAL_HEADER_SIZE,
  END_OF_CENTRAL_DIRECTORY,
  END_SIZE,
  FLAG_ENCRYPTED,
  FLAG_UTF8,
  LOCAL_HEADER,
  LOCAL_HEADER_SIZE,
  MAX_COMMENT,
  METHOD_DEFLATED,
  METHOD_STORED,
  type ZipEntry,
} from './zip-format'

// Reads the .zip form of a file set, trusting nothing in it: every offset is
// bounds-checked, sizes are checked against the limits before anything is
// inflated and inflation stops at the announced size (a zip bomb announces
// small sizes and inflates to gigabytes), CRCs are verified, and a name that
// climbs out of the archive ("../", "/etc", "C:\") refuses the whole archive.
// Folders and macOS' "__MACOSX/" resource files are skipped.
// Throws nothing but CsvError.

interface EntryInfo {
  name: string
  method: number
  crc: number
  compressedSize: number
  size: number
  localOffset: number
}

/**
 * The archive's files, inflated one at a time as the caller iterates, so that
 * only one is in memory beside the archive. Every name and size is checked
 * before the first one is given.
 */
export function* readZip(bytes: Uint8Array, file: string): Generator<ZipEntry> {
  const fail = (message: string): never => {
    throw new CsvError({ file, message })
  }
  if (bytes.length > ZIP_LIMITS.archiveBytes)
    fail(`archive trop grosse (plus de ${formatMegabytes(ZIP_LIMITS.archiveBytes)}).`)
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength)
  const entries = readDirectory(bytes, view, fail)
  for (const entry of entries) yield { name: entry.name, data: inflate(bytes, view, entry, fail) }
}

function readDirectory(bytes: Uint8Array, view: DataView, fail: (message: string) => never): EntryInfo[] {
  const end = findEnd(view) ?? fail('ce fichier n’est pas une archive .zip, ou elle est abîmée.')
  const count = view.getUint16(end + 10, true)
  const directorySize = view.getUint32(end + 12, true)
  const directoryStart = view.getUint32(end + 16, true)
  if (view.getUint16(end + 4, true) !== 0 || view.getUint16(end + 8, true) !== count)
    fail('archive en plusieurs morceaux : non prise en charge.')
  if (count === 0xffff || directoryStart === 0xffffffff || directorySize === 0xffffffff)
    fail('archive au format ZIP64 : non prise en charge (les fichiers de familles n’en ont pas besoin).')
  if (count > ZIP_LIMITS.entries) fail(`archive de plus de ${ZIP_LIMITS.entries} fichiers.`)
  if (directoryStart + directorySize > end) fail('archive abîmée (répertoire hors de l’archive).')
  const entries: EntryInfo[] = []
  const seen = new Set<string>()
  let total = 0
  let at = directoryStart
  for (let i = 0; i < count; i++) {
    if (at + CENTRAL_HEADER_SIZE > end || view.getUint32(at, true) !== CENTRAL_HEADER)
      fail('archive abîmée (répertoire illisible).')
    const nameLength = view.getUint16(at + 28, true)
    const next =
      at + CENTRAL_HEADER_SIZE + nameLength + view.getUint16(at + 30, true) + view.getUint16(at + 32, true)
    if (next > end) fail('archive abîmée (répertoire illisible).')
    const flags = view.getUint16(at + 8, true)
    const rawName = bytes.subarray(at + CENTRAL_HEADER_SIZE, at + CENTRAL_HEADER_SIZE + nameLength)
    const name = checkedName(decodeName(rawName, flags, fail), fail)
    const info: EntryInfo = {
      name,
      method: view.getUint16(at + 10, true),
      crc: view.getUint32(at + 16, true),
      compressedSize: view.getUint32(at + 20, true),
      size: view.getUint32(at + 24, true),
      localOffset: view.getUint32(at + 42, true),
    }
    at = next
    if (name.endsWith('/') || name.startsWith('__MACOSX/')) continue
    if (flags & FLAG_ENCRYPTED) fail(`« ${name} » est protégé par un mot de passe : non pris en charge.`)
    if (info.method !== METHOD_STORED && info.method !== METHOD_DEFLATED)
      fail(
        `« ${name} » est compressé d’une façon non prise en charge (seules « stockée » et « deflate » le sont).`,
      )
    if (seen.has(name.toLowerCase())) fail(`« ${name} » est deux fois dans l’archive.`)
    seen.add(name.toLowerCase())
    if (info.size > ZIP_LIMITS.entryBytes)
      fail(`« ${name} » dépasse ${formatMegabytes(ZIP_LIMITS.entryBytes)} une fois décompressé.`)
    total += info.size
    if (total > ZIP_LIMITS.totalBytes)
      fail(`l’archive dépasse ${formatMegabytes(ZIP_LIMITS.totalBytes)} une fois décompressée.`)
    entries.push(info)
  }
  return entries
}

/** The end-of-central-directory record, searched backwards past a possible comment. */
function findEnd(view: DataView): number | undefined {
  const lowest = Math.max(0, view.byteLength - END_SIZE - MAX_COMMENT)
  for (let at = view.byteLength - END_SIZE; at >= lowest; at--)
    if (view.getUint32(at, true) === END_OF_CENTRAL_DIRECTORY) return at
  return undefined
}

/** UTF-8 when flagged, else the DOS code page 437 that the format specifies. */
function decodeName(raw: Uint8Array, flags: number, fail: (message: string) => never): string {
  if (!(flags & FLAG_UTF8)) return iconv.decode(raw, 'cp437')
  try {
    return new TextDecoder('utf-8', { fatal: true }).decode(raw)
  } catch {
    return fail('archive abîmée (nom de fichier illisible).')
  }
}

/** "/"-separated, relative, without ".." nor NUL: no way out of the archive. */
function checkedName(raw: string, fail: (message: string) => never): string {
  const name = raw.replaceAll('\\', '/')
  const segments = name.split('/')
  if (name.startsWith('/') || /^[a-zA-Z]:/.test(name) || name.includes('\0') || segments.includes('..'))
    fail(`l’archive contient un chemin dangereux (« ${raw} ») : elle est refusée.`)
  if (name === '') fail('archive abîmée (fichier sans nom).')
  return name
}

function inflate(bytes: Uint8Array, view: DataView, entry: EntryInfo, fail: (message: string) => never) {
  const broken = () => fail(`archive abîmée (« ${entry.name} » illisible).`)
  const at = entry.localOffset
  if (at + LOCAL_HEADER_SIZE > bytes.length || view.getUint32(at, true) !== LOCAL_HEADER) broken()
  const start = at + LOCAL_HEADER_SIZE + view.getUint16(at + 26, true) + view.getUint16(at + 28, true)
  if (start + entry.compressedSize > bytes.length) broken()
  const compressed = bytes.subarray(start, start + entry.compressedSize)
  let data: Uint8Array = compressed
  if (entry.method === METHOD_DEFLATED) {
    try {
      // Never more than announced: the announced size passed the limits.
      data = inflateRawSync(compressed, { maxOutputLength: Math.max(1, entry.size) })
    } catch {
      broken()
    }
  }
  if (data.length !== entry.size || crc32(data) !== entry.crc) broken()
  return data
}
