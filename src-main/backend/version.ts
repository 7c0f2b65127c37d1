import { readFileSync } from 'node:fs'

/** Marelle's version, from package.json (two folders up from src-main/backend and from out/main alike). */
export function packageVersion(): string {
  const text = readFileSync(new URL('../../package.json', import.meta.url), 'utf8')
  return (JSON.parse(text) as { version: string }).version
}
