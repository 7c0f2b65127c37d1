import fc from 'fast-check'
import iconv from 'iconv-lite'
import { describe, expect, it } from 'vitest'
import { ByteScan } from '../../src-main/backend/csv/byte-scan'
import { createDecoder, detectEncoding, EncodingSniffer } from '../../src-main/backend/csv/encoding'
import { CsvError } from '../../src-main/backend/csv/problems'
import { split, thrown } from './csv-arbitraries'

const bytes = (...parts: (string | number[])[]) =>
  Buffer.concat(parts.map((p) => (typeof p === 'string' ? Buffer.from(p, 'utf8') : Buffer.from(p))))

function decodeAll(data: Uint8Array, cuts: number[] = []): string {
  const encoding = detectEncoding(data, 'x.csv')
  const decoder = createDecoder(encoding, 'x.csv')
  return (
    split(data, cuts)
      .map((part) => decoder.write(part))
      .join('') + decoder.end()
  )
}

describe('encoding detection', () => {
  it('tells UTF-8 with BOM, UTF-8 and Windows-1252 apart', () => {
    expect(detectEncoding(bytes([0xef, 0xbb, 0xbf], 'Prénom'), 'x.csv')).toBe('utf-8-bom')
    expect(detectEncoding(bytes('Prénom'), 'x.csv')).toBe('utf-8')
    expect(detectEncoding(bytes('Nom;Prenom'), 'x.csv')).toBe('utf-8')
    expect(detectEncoding(iconv.encode('Prénom', 'windows-1252'), 'x.csv')).toBe('windows-1252')
  })

  it('reads a Windows-1252 file with accents, €, curly apostrophes and œ right', () => {
    const text = 'Nom;Détails\r\nCœur;« Allergie » à l’œuf, 12 € ; ÀÉÈÇ ÿ °\r\n'
    const data = iconv.encode(text, 'windows-1252')
    expect(detectEncoding(data, 'x.csv')).toBe('windows-1252')
    expect(decodeAll(data, [0.3, 0.31, 0.7])).toBe(text)
  })

  it('decides on the whole file: one invalid byte at the very end makes it Windows-1252', () => {
    const data = bytes('a'.repeat(100_000), 'é', [0xe9])
    const sniffer = new EncodingSniffer('x.csv')
    for (const part of split(data, [0.5])) sniffer.push(part)
    expect(sniffer.result()).toBe('windows-1252')
  })

  it('strips the BOM but keeps a U+FEFF further on, even across chunks', () => {
    const data = bytes([0xef, 0xbb, 0xbf], 'a\ufeffb')
    expect(decodeAll(data, [1 / 8, 2 / 8])).toBe('a\ufeffb')
  })

  it('decodes UTF-16 (Excel "Texte Unicode") with either byte order', () => {
    const text = 'Nom\tPrénom\r\nÉlise\t😀\r\n'
    const le = Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from(text, 'utf16le')])
    const be = Buffer.from(Buffer.from(text, 'utf16le')).swap16()
    expect(detectEncoding(le, 'x.csv')).toBe('utf-16le')
    expect(decodeAll(le, [0.33, 0.5])).toBe(text)
    expect(decodeAll(Buffer.concat([Buffer.from([0xfe, 0xff]), be]))).toBe(text)
  })

  it('refuses a workbook, and a BOM followed by bytes that are not UTF-8, saying where', () => {
    const refuse = (data: Uint8Array) => (thrown(() => detectEncoding(data, 'x.csv')) as CsvError).problem
    expect(refuse(bytes([0x50, 0x4b, 0x03, 0x04, 1, 2])).message).toContain('.xlsx')
    expect(refuse(bytes([0xd0, 0xcf, 0x11, 0xe0, 1, 2])).message).toContain('.xls')
    expect(refuse(bytes([0xef, 0xbb, 0xbf], 'a\nb\n', [0xe9], '\n'))).toMatchObject({ line: 3 })
  })

  it('refuses a truncated UTF-16 file with a clear message', () => {
    const data = Buffer.from([0xff, 0xfe, 0x41, 0x00, 0x42])
    expect(thrown(() => decodeAll(data))).toBeInstanceOf(CsvError)
  })
})

describe('encoding properties', () => {
  // Accented letters of Windows-1252 live in 0xC0-0xFF: after one of them comes
  // ASCII or another such letter, never a UTF-8 continuation byte, so a file
  // holding one is always invalid UTF-8. (A text mixing é with €, ’ or « could
  // happen to be valid UTF-8: that ambiguity is inherent to the format.)
  const latin = fc.constantFrom(...'aZ ;,"\r\n0éèêëàâäçîïôöùûüÿÉÈÀÇÔÎæ')
  const accent = fc.constantFrom(...'éèàçÉÀÇôûÿ')

  it('decodes any Windows-1252 text with an accent exactly, in any chunks', () => {
    fc.assert(
      fc.property(
        fc.string({ unit: latin }),
        accent,
        fc.string({ unit: latin }),
        fc.array(fc.double({ min: 0, max: 1, noNaN: true })),
        (before, a, after, cuts) => {
          const text = before + a + after
          const data = iconv.encode(text, 'windows-1252')
          expect(detectEncoding(data, 'x.csv')).toBe('windows-1252')
          expect(decodeAll(data, cuts)).toBe(text)
        },
      ),
    )
  })

  it('decodes any UTF-8 text exactly, with or without BOM, in any chunks', () => {
    fc.assert(
      fc.property(
        fc.string({ unit: 'binary' }),
        fc.boolean(),
        fc.array(fc.double({ min: 0, max: 1, noNaN: true })),
        (text, bom, cuts) => {
          fc.pre(!text.startsWith('\ufeff'))
          const data = bytes(bom ? [0xef, 0xbb, 0xbf] : [], text)
          expect(detectEncoding(data, 'x.csv')).toBe(bom ? 'utf-8-bom' : 'utf-8')
          expect(decodeAll(data, cuts)).toBe(text)
        },
      ),
    )
  })

  it('refuses overlong forms, surrogates and code points past U+10FFFF, as the standard does', () => {
    const valid = (...values: number[]) => {
      const scan = new ByteScan()
      scan.push(Uint8Array.from(values))
      scan.end()
      return scan.validUtf8
    }
    expect(valid(0xc3, 0xa9, 0xe2, 0x82, 0xac, 0xf0, 0x9f, 0x98, 0x80, 0xf4, 0x8f, 0xbf, 0xbf)).toBe(true)
    expect(valid(0xc0, 0xaf)).toBe(false)
    expect(valid(0xe0, 0x80, 0xaf)).toBe(false)
    expect(valid(0xf0, 0x80, 0x80, 0xaf)).toBe(false)
    expect(valid(0xed, 0xa0, 0x80)).toBe(false)
    expect(valid(0xf4, 0x90, 0x80, 0x80)).toBe(false)
    expect(valid(0xe2, 0x82)).toBe(false)
  })

  it('judges UTF-8 validity exactly as a strict decoder does, in any chunks', () => {
    // Bytes alone rarely form a multi-byte sequence: mix in lead bytes followed by continuation-range bytes.
    const sequence = fc
      .tuple(
        fc.integer({ min: 0xc0, max: 0xf7 }),
        fc.array(fc.integer({ min: 0x7f, max: 0xc0 }), { maxLength: 3 }),
      )
      .map(([lead, rest]) => [lead, ...rest])
    const piece = fc.oneof(
      fc.integer({ min: 0, max: 255 }).map((b) => [b]),
      sequence,
    )
    fc.assert(
      fc.property(
        fc.array(piece, { maxLength: 15 }).map((pieces) => pieces.flat()),
        fc.array(fc.double({ min: 0, max: 1, noNaN: true })),
        (values, cuts) => {
          const data = Uint8Array.from(values)
          const strict = thrown(() => new TextDecoder('utf-8', { fatal: true }).decode(data)) === undefined
          const scan = new ByteScan()
          for (const part of split(data, cuts)) scan.push(part)
          scan.end()
          expect(scan.validUtf8).toBe(strict)
        },
      ),
      { numRuns: 2000 },
    )
  })
})
