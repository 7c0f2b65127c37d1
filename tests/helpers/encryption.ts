import { appendFileSync, mkdirSync, readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs'
import { dirname, join } from 'node:path'
import type { Logger } from '../../src-main/backend/context'
import { keyToHex } from '../../src-main/backend/encryption/key'

/** Writes the key as 64 hexadecimal characters (or `text`) to a file for --key-file; returns its path. */
export function writeKeyFile(dir: string, key: Buffer, text = keyToHex(key)): string {
  const path = join(dir, `cle-${Math.floor(Math.random() * 1e9)}.txt`)
  writeFileSync(path, `${text}\n`)
  return path
}

/** Every file under `dir`, recursively. */
export function filesUnder(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name)
    return statSync(path).isDirectory() ? filesUnder(path) : [path]
  })
}

/** "file: text" for each text of `needles` found as bytes (UTF-8) in one of `files`. */
export function plainTextHits(files: string[], needles: string[]): string[] {
  const hits: string[] = []
  for (const file of files) {
    const bytes = readFileSync(file)
    for (const needle of needles)
      if (bytes.includes(Buffer.from(needle, 'utf8'))) hits.push(`${file}: ${needle}`)
  }
  return hits
}

/** A logger that writes every line, with its details (errors with their stack), to `path`, as the app's log file. */
export function fileLogger(path: string): Logger {
  mkdirSync(dirname(path), { recursive: true })
  appendFileSync(path, '')
  const write =
    (level: string) =>
    (message: string, ...rest: unknown[]) =>
      appendFileSync(
        path,
        `${level} ${message} ${rest.map((r) => (r instanceof Error ? (r.stack ?? r.message) : JSON.stringify(r))).join(' ')}\n`,
      )
  return { info: write('info'), warn: write('warn'), error: write('error') }
}

/** The first bytes of a file, to tell a plain SQLite file from an encrypted one. */
export function fileHead(path: string): string {
  return readFileSync(path).subarray(0, 16).toString('latin1')
}
