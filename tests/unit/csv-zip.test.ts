import { deflateRawSync } from 'node:zlib'
import fc from 'fast-check'
import iconv from 'iconv-lite'
import { describe, expect, it } from 'vitest'
import { CsvError } from '../../src-main/backend/csv/problems'
import type { ZipEntry } from '../../src-main/backend/csv/zip-format'
import { readZip } from '../../src-main/backend/csv/zip-read'
import { writeZip } from '../../src-main/backend/csv/zip-write'
import { thrown } from './csv-arbitraries'

const when = new Date(2026, 10, 27, 10, 30, 0)
const entry = (name: string, text: string): ZipEntry => ({ name, data: Buffer.from(text) })
const readAll = (zip: Uint8Array) =>
  [...readZip(zip, 'export.zip')].map((e) => ({ name: e.name, text: Buffer.from(e.data).toString() }))
const refusal = (zip: Uint8Array) => {
  const error = thrown(() => readAll(zip))
  expect(error).toBeInstanceOf(CsvError)
  return (error as CsvError).problem
}

/** Offset of the central directory header of entry `index` (they follow one another). */
function centralHeader(zip: Uint8Array, index: number): number {
  let at = Buffer.from(zip).indexOf(Buffer.from([0x50, 0x4b, 0x01, 0x02]))
  const view = new DataView(zip.buffer, zip.byteOffset)
  for (let i = 0; i < index; i++) at += 46 + view.getUint16(at + 28, true)
  return at
}
/** Rewrites the announced uncompressed size of entry `index`, in both headers. */
function announceSize(zip: Uint8Array, index: number, size: number) {
  const view = new DataView(zip.buffer, zip.byteOffset)
  const central = centralHeader(zip, index)
  view.setUint32(central + 24, size, true)
  view.setUint32(view.getUint32(central + 42, true) + 22, size, true)
}

describe('the zip form of a file set', () => {
  it('writes deflated or stored entries that it, and the zip format, read back', () => {
    const big = 'N° famille;Nom\r\n'.repeat(1000)
    const zip = writeZip([entry('familles.csv', big), entry('vide.csv', ''), entry('a/é.csv', 'x')], when)
    expect(readAll(zip)).toEqual([
      { name: 'familles.csv', text: big },
      { name: 'vide.csv', text: '' },
      { name: 'a/é.csv', text: 'x' },
    ])
    expect(zip.length).toBeLessThan(big.length / 10)
  })

  it('round-trips any set of files', () => {
    const name = fc.stringMatching(/^[a-z0-9_]{1,12}\.csv$/)
    fc.assert(
      fc.property(
        fc.uniqueArray(fc.tuple(name, fc.uint8Array({ maxLength: 2000 })), { selector: (e) => e[0] }),
        (files) => {
          const zip = writeZip(
            files.map(([n, data]) => ({ name: n, data })),
            when,
          )
          const back = [...readZip(zip, 'x.zip')].map((e) => [e.name, Buffer.from(e.data)])
          expect(back).toEqual(files.map(([n, data]) => [n, Buffer.from(data)]))
        },
      ),
      { numRuns: 50 },
    )
  })

  it('refuses any entry whose path leaves the archive', () => {
    for (const name of [
      '../evil.csv',
      'a/../../evil.csv',
      '/etc/passwd',
      'C:\\evil.csv',
      'a\\..\\..\\evil.csv',
    ]) {
      const zip = writeZip([entry('enfants.csv', 'x'), entry(name, 'y')], when)
      expect(refusal(zip).message, name).toContain('chemin dangereux')
    }
  })

  it('checks every name and size before giving the first entry', () => {
    const zip = writeZip([entry('enfants.csv', 'x'), entry('../evil.csv', 'y')], when)
    const entries = readZip(zip, 'export.zip')
    expect(thrown(() => entries.next())).toBeInstanceOf(CsvError)
  })

  it('refuses a zip bomb: announced sizes over the limits, or more data than announced', () => {
    const zeros = new Uint8Array(1024 * 1024)
    const lying = writeZip([{ name: 'sante.csv', data: zeros }], when)
    announceSize(lying, 0, 1000)
    expect(refusal(lying).message).toContain('« sante.csv » illisible')

    const huge = writeZip([{ name: 'sante.csv', data: zeros }], when)
    announceSize(huge, 0, 200 * 1024 * 1024)
    expect(refusal(huge).message).toContain('dépasse 128 Mo une fois décompressé')

    const many = writeZip(
      ['a', 'b', 'c', 'd', 'e'].map((n) => ({ name: `${n}.csv`, data: zeros })),
      when,
    )
    for (let i = 0; i < 5; i++) announceSize(many, i, 120 * 1024 * 1024)
    expect(refusal(many).message).toContain('dépasse 512 Mo une fois décompressée')
  })

  it('refuses a damaged entry (CRC), an encrypted one and a file that is not a zip', () => {
    const zip = writeZip([entry('sante.csv', 'Identifiant enfant;Type\r\n1;Maladie\r\n')], when)
    const damaged = Uint8Array.from(zip)
    damaged[centralHeader(damaged, 0) + 16] ^= 1
    expect(refusal(damaged).message).toContain('illisible')
    const encrypted = Uint8Array.from(zip)
    encrypted[centralHeader(encrypted, 0) + 8] |= 1
    expect(refusal(encrypted).message).toContain('mot de passe')
    expect(refusal(Buffer.from('N° famille;Nom\r\n')).message).toContain('pas une archive .zip')
  })

  it('skips folders and macOS resource files, and reads DOS names', () => {
    const zip = writeZip(
      [entry('export/', ''), entry('__MACOSX/._enfants.csv', 'junk'), entry('export/enfants.csv', 'x')],
      when,
    )
    expect(readAll(zip).map((e) => e.name)).toEqual(['export/enfants.csv'])
    const dos = writeZip([{ name: 'x', data: new Uint8Array() }], when)
    const at = centralHeader(dos, 0)
    new DataView(dos.buffer, dos.byteOffset).setUint16(at + 8, 0, true)
    dos[at + 46] = iconv.encode('é', 'cp437')[0]
    expect(readAll(dos)[0].name).toBe('é')
  })

  it('never throws anything but CsvError, whatever the bytes or the damage', () => {
    const valid = writeZip(
      [entry('familles.csv', 'a;b\r\n'.repeat(50)), { name: 'x.csv', data: deflateRawSync('x') }],
      when,
    )
    const damage = fc.array(fc.tuple(fc.nat(valid.length - 1), fc.integer({ min: 0, max: 255 })), {
      minLength: 1,
      maxLength: 5,
    })
    const cut = fc.nat(valid.length)
    fc.assert(
      fc.property(
        fc.oneof(
          fc.uint8Array({ maxLength: 200 }),
          damage.map(broken),
          cut.map((n) => valid.subarray(0, n)),
        ),
        (zip) => {
          const error = thrown(() => readAll(zip))
          if (error !== undefined && !(error instanceof CsvError)) throw error
        },
      ),
      { numRuns: 1000 },
    )
    function broken(changes: [number, number][]) {
      const copy = Uint8Array.from(valid)
      for (const [at, value] of changes) copy[at] = value
      return copy
    }
  })
})
