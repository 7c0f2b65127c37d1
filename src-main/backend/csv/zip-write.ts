import { crc32, deflateRawSync } from 'node:zlib'
import {
  CENTRAL_HEADER,
  CENTRAL_HEADER_SIZE,
  dosDateTime,
  END_OF_CENTRAL_DIRECTORY,
  END_SIZE,
  FLAG_UTF8,
  LOCAL_HEADER,
  LOCAL_HEADER_SIZE,
  METHOD_DEFLATED,
  METHOD_STORED,
  VERSION,
  type ZipEntry,
} from './zip-format'

// Writes the .zip form of an exported file set with node:zlib alone.
// Each entry is deflated, or stored when deflating does not make it smaller.

interface Written {
  name: Uint8Array
  method: number
  crc: number
  size: number
  compressed: Uint8Array
  offset: number
}

/** `modified`: the time stamped on every entry (the export's time, from the clock). */
export function writeZip(entries: readonly ZipEntry[], modified: Date): Uint8Array {
  if (entries.length > 0xffff) throw new Error('too many zip entries')
  const stamp = dosDateTime(modified)
  const parts: Uint8Array[] = []
  const written: Written[] = []
  let offset = 0
  for (const entry of entries) {
    const deflated = deflateRawSync(entry.data)
    const stored = deflated.length >= entry.data.length
    const item: Written = {
      name: Buffer.from(entry.name, 'utf8'),
      method: stored ? METHOD_STORED : METHOD_DEFLATED,
      crc: crc32(entry.data),
      size: entry.data.length,
      compressed: stored ? entry.data : deflated,
      offset,
    }
    if (item.size > 0xfffffffe || offset > 0xfffffffe) throw new Error('zip too large without ZIP64')
    const header = localHeader(item, stamp)
    parts.push(header, item.name, item.compressed)
    offset += header.length + item.name.length + item.compressed.length
    written.push(item)
  }
  const directoryStart = offset
  for (const item of written) {
    const header = centralHeader(item, stamp)
    parts.push(header, item.name)
    offset += header.length + item.name.length
  }
  parts.push(endRecord(written.length, offset - directoryStart, directoryStart))
  return Buffer.concat(parts)
}

/** The fields that local and central headers share, from "version needed" to the name length. */
function commonFields(view: DataView, at: number, item: Written, stamp: { time: number; date: number }) {
  view.setUint16(at, VERSION, true)
  view.setUint16(at + 2, FLAG_UTF8, true)
  view.setUint16(at + 4, item.method, true)
  view.setUint16(at + 6, stamp.time, true)
  view.setUint16(at + 8, stamp.date, true)
  view.setUint32(at + 10, item.crc, true)
  view.setUint32(at + 14, item.compressed.length, true)
  view.setUint32(at + 18, item.size, true)
  view.setUint16(at + 22, item.name.length, true)
}

function localHeader(item: Written, stamp: { time: number; date: number }): Uint8Array {
  const bytes = new Uint8Array(LOCAL_HEADER_SIZE)
  const view = new DataView(bytes.buffer)
  view.setUint32(0, LOCAL_HEADER, true)
  commonFields(view, 4, item, stamp)
  return bytes
}

function centralHeader(item: Written, stamp: { time: number; date: number }): Uint8Array {
  const bytes = new Uint8Array(CENTRAL_HEADER_SIZE)
  const view = new DataView(bytes.buffer)
  view.setUint32(0, CENTRAL_HEADER, true)
  view.setUint16(4, VERSION, true) // version made by: MS-DOS attributes, 2.0
  commonFields(view, 6, item, stamp)
  view.setUint32(42, item.offset, true)
  return bytes
}

function endRecord(count: number, directorySize: number, directoryStart: number): Uint8Array {
  const bytes = new Uint8Array(END_SIZE)
  const view = new DataView(bytes.buffer)
  view.setUint32(0, END_OF_CENTRAL_DIRECTORY, true)
  view.setUint16(8, count, true)
  view.setUint16(10, count, true)
  view.setUint32(12, directorySize, true)
  view.setUint32(16, directoryStart, true)
  return bytes
}
