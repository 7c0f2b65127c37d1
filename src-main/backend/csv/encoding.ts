import iconv from 'iconv-lite'
import { ByteScan } from './byte-scan'
import { CSV_LIMITS, formatMegabytes } from './limits'
import { CsvError } from './problems'

// Which encoding a family file is in. Excel on a French Windows desktop
// writes "CSV UTF-8" (with a byte-order mark) or plain "CSV" (Windows-1252);
// other software writes UTF-8 without a mark. Invalid UTF-8 means
// Windows-1252: every byte sequence is valid there, and pure ASCII reads the
// same either way. Excel's "Texte Unicode" export is UTF-16 with a mark and
// tabs: we decode it rather than refuse it, since nothing is ambiguous about
// it. A workbook (.xlsx is a zip, .xls an OLE file) chosen by mistake gets
// its own message; any other wrong file fails on its header.

export type EncodingName = 'utf-8-bom' | 'utf-8' | 'windows-1252' | 'utf-16le' | 'utf-16be'

/** What the preview shows staff. */
export const ENCODING_LABELS: Record<EncodingName, string> = {
  'utf-8-bom': 'UTF-8 avec BOM',
  'utf-8': 'UTF-8',
  'windows-1252': 'Windows-1252',
  'utf-16le': 'UTF-16 (texte Unicode)',
  'utf-16be': 'UTF-16 (texte Unicode)',
}

const UTF8_BOM = [0xef, 0xbb, 0xbf]
const UTF16LE_BOM = [0xff, 0xfe]
const UTF16BE_BOM = [0xfe, 0xff]
const ZIP_MAGIC = [0x50, 0x4b, 0x03, 0x04]
const OLE_MAGIC = [0xd0, 0xcf, 0x11, 0xe0]

const startsWith = (head: Uint8Array, magic: number[]) => magic.every((b, i) => head[i] === b)

const NOT_CSV_XLSX =
  'ce fichier est un classeur Excel (.xlsx) ou une archive, pas un fichier CSV. Dans Excel : Fichier › Enregistrer sous › « CSV UTF-8 (délimité par des virgules) ».'
const NOT_CSV_XLS =
  'ce fichier est un classeur Excel ancien (.xls), pas un fichier CSV. Dans Excel : Fichier › Enregistrer sous › « CSV UTF-8 (délimité par des virgules) ».'

/**
 * Detects a file's encoding from its bytes, given chunk by chunk so that a
 * large file can be scanned from disk; `result()` after the last chunk.
 */
export class EncodingSniffer {
  private readonly head = new Uint8Array(4)
  private headLength = 0
  private readonly scan = new ByteScan()

  constructor(private readonly file: string) {}

  push(chunk: Uint8Array): void {
    for (let i = 0; i < chunk.length && this.headLength < 4; i++) this.head[this.headLength++] = chunk[i]
    this.scan.push(chunk)
    if (this.scan.bytes > CSV_LIMITS.fileBytes)
      this.fail(`fichier trop gros (plus de ${formatMegabytes(CSV_LIMITS.fileBytes)}).`)
  }

  result(): EncodingName {
    this.scan.end()
    const head = this.head.subarray(0, this.headLength)
    if (startsWith(head, UTF16LE_BOM)) return 'utf-16le'
    if (startsWith(head, UTF16BE_BOM)) return 'utf-16be'
    if (head.length === 4 && startsWith(head, ZIP_MAGIC)) this.fail(NOT_CSV_XLSX)
    if (head.length === 4 && startsWith(head, OLE_MAGIC)) this.fail(NOT_CSV_XLS)
    const bom = startsWith(head, UTF8_BOM)
    if (this.scan.validUtf8) return bom ? 'utf-8-bom' : 'utf-8'
    // A UTF-8 mark followed by bytes that are not UTF-8: two files pasted
    // together or a bad conversion. Guessing would garble names; say where.
    if (bom)
      this.fail(
        'le fichier s’annonce en UTF-8 (BOM) mais contient des caractères illisibles en UTF-8 à partir de cette ligne. Réenregistrez-le depuis Excel en « CSV UTF-8 ».',
        this.scan.invalidUtf8Line,
      )
    return 'windows-1252'
  }

  private fail(message: string, line?: number): never {
    throw new CsvError({ file: this.file, line, message })
  }
}

/** The encoding of a file held in memory. */
export function detectEncoding(bytes: Uint8Array, file: string): EncodingName {
  const sniffer = new EncodingSniffer(file)
  sniffer.push(bytes)
  return sniffer.result()
}

/** Turns a file's bytes, chunk by chunk, into text without its byte-order mark. */
export interface StreamDecoder {
  write(chunk: Uint8Array): string
  end(): string
}

export function createDecoder(encoding: EncodingName, file: string): StreamDecoder {
  if (encoding === 'windows-1252') {
    const decoder = iconv.getDecoder('windows-1252')
    return {
      write: (chunk) => decoder.write(Buffer.from(chunk.buffer, chunk.byteOffset, chunk.byteLength)),
      end: () => decoder.end() ?? '',
    }
  }
  const label = encoding === 'utf-8-bom' ? 'utf-8' : encoding
  // Strips the mark at the start only; a U+FEFF further on stays, as data.
  const decoder = new TextDecoder(label, { fatal: true, ignoreBOM: false })
  const run = (chunk: Uint8Array | undefined, stream: boolean) => {
    try {
      return decoder.decode(chunk, { stream })
    } catch {
      throw new CsvError({
        file,
        message: `texte illisible en ${ENCODING_LABELS[encoding]} : fichier abîmé.`,
      })
    }
  }
  return { write: (chunk) => run(chunk, true), end: () => run(undefined, false) }
}
