import { isUtf8 } from 'node:buffer'

// One pass over a file's bytes, chunk by chunk, that says whether they are
// valid UTF-8 and, if not, on which line the first invalid byte sits, for the
// message. Validity is Node's own `buffer.isUtf8` (simdutf, the WHATWG rules:
// no overlong forms, no surrogates, nothing past U+10FFFF); this file only
// carries a sequence cut by the end of a chunk over to the next one, and
// counts lines, which Node cannot say. See docs/architecture.md, "CSV et ZIP".

const LF = 0x0a
const CR = 0x0d

/** Bytes at the end of `chunk` that start a multi-byte sequence it does not finish. */
function unfinishedTail(chunk: Uint8Array): number {
  for (let back = 1; back <= Math.min(3, chunk.length); back++) {
    const b = chunk[chunk.length - back]
    if (b < 0x80) return 0
    if (b >= 0xc0) {
      const length = b >= 0xf0 ? 4 : b >= 0xe0 ? 3 : 2
      return length > back ? back : 0
    }
  }
  return 0
}

/** Line breaks in `bytes` (CRLF, lone CR or lone LF), given whether the bytes before ended with CR. */
function countBreaks(bytes: Uint8Array, afterCr: boolean): number {
  const buffer = Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength)
  const count = (byte: number) => {
    let n = 0
    for (let at = buffer.indexOf(byte); at !== -1; at = buffer.indexOf(byte, at + 1)) n++
    return n
  }
  let crlf = 0
  for (let at = buffer.indexOf('\r\n'); at !== -1; at = buffer.indexOf('\r\n', at + 2)) crlf++
  const lfAfterCr = afterCr && bytes[0] === LF ? 1 : 0
  return count(CR) + count(LF) - crlf - lfAfterCr
}

export class ByteScan {
  /** Bytes seen so far. */
  bytes = 0
  /** Line of the first byte that breaks UTF-8, or 0 while the bytes are valid. */
  invalidUtf8Line = 0
  private line = 1
  private afterCr = false
  private carry: Uint8Array = new Uint8Array(0)

  push(chunk: Uint8Array): void {
    this.bytes += chunk.length
    if (this.invalidUtf8Line !== 0) return
    const joined = this.carry.length > 0 ? Buffer.concat([this.carry, chunk]) : chunk
    const tail = unfinishedTail(joined)
    const whole = joined.subarray(0, joined.length - tail)
    this.carry = Uint8Array.from(joined.subarray(joined.length - tail))
    if (!isUtf8(whole)) {
      this.invalidUtf8Line = this.line + this.breaksBeforeInvalid(whole)
      return
    }
    this.line += countBreaks(whole, this.afterCr)
    if (whole.length > 0) this.afterCr = whole[whole.length - 1] === CR
  }

  /** Call once after the last chunk: a multi-byte sequence cut by the end of the file is invalid. */
  end(): void {
    if (this.carry.length > 0 && this.invalidUtf8Line === 0) this.invalidUtf8Line = this.line
  }

  get validUtf8(): boolean {
    return this.invalidUtf8Line === 0
  }

  /** Line breaks before the line that holds the first invalid byte (line breaks never cut a sequence). */
  private breaksBeforeInvalid(bytes: Uint8Array): number {
    let start = 0
    let afterCr = this.afterCr
    let breaks = 0
    for (let i = 0; i <= bytes.length; i++) {
      const b = bytes[i]
      if (i < bytes.length && b !== LF && b !== CR) continue
      if (!isUtf8(bytes.subarray(start, i))) return breaks
      if (i < bytes.length && !(b === LF && afterCr && i === start)) breaks++
      afterCr = b === CR
      start = i + 1
    }
    return breaks
  }
}
