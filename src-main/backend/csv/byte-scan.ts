// One pass over a file's bytes, chunk by chunk, that says whether they are
// valid UTF-8 (the strict rules of the WHATWG Encoding standard: no overlong
// forms, no surrogates, nothing past U+10FFFF) and, if not, on which line the
// first invalid byte sits, for the message. A hand-written state machine
// rather than TextDecoder because it must say *where* (see bench/csv-codec.ts
// for its speed).

const LF = 0x0a
const CR = 0x0d

export class ByteScan {
  /** Bytes seen so far. */
  bytes = 0
  /** Line of the first byte that breaks UTF-8, or 0 while the bytes are valid. */
  invalidUtf8Line = 0
  private line = 1
  private afterCr = false
  private need = 0
  private lower = 0x80
  private upper = 0xbf

  push(chunk: Uint8Array): void {
    for (let i = 0; i < chunk.length; i++) {
      const b = chunk[i]
      if (b < 0x80 && this.need === 0) {
        this.ascii(b)
        continue
      }
      if (this.invalidUtf8Line === 0 && !this.utf8(b)) this.invalidUtf8Line = this.line
      if (b < 0x80) this.ascii(b)
      else this.afterCr = false
    }
    this.bytes += chunk.length
  }

  /** Call once after the last chunk: a multi-byte sequence cut by the end of the file is invalid. */
  end(): void {
    if (this.need > 0 && this.invalidUtf8Line === 0) this.invalidUtf8Line = this.line
  }

  get validUtf8(): boolean {
    return this.invalidUtf8Line === 0
  }

  private ascii(b: number): void {
    if (b === LF) {
      if (!this.afterCr) this.line++
    } else if (b === CR) this.line++
    this.afterCr = b === CR
  }

  /** Feeds one byte to the UTF-8 state machine; false when it breaks the encoding. */
  private utf8(b: number): boolean {
    if (this.need > 0) {
      if (b < this.lower || b > this.upper) {
        this.need = 0
        return false
      }
      this.need--
      this.lower = 0x80
      this.upper = 0xbf
      return true
    }
    if (b >= 0xc2 && b <= 0xdf) this.need = 1
    else if (b >= 0xe0 && b <= 0xef) {
      this.need = 2
      if (b === 0xe0) this.lower = 0xa0
      if (b === 0xed) this.upper = 0x9f
    } else if (b >= 0xf0 && b <= 0xf4) {
      this.need = 3
      if (b === 0xf0) this.lower = 0x90
      if (b === 0xf4) this.upper = 0x8f
    } else return false
    return true
  }
}
