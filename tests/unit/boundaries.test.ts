import { readdirSync, readFileSync, statSync } from 'node:fs'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'

function sourceFiles(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name)
    return statSync(path).isDirectory() ? sourceFiles(path) : /\.(ts|tsx)$/.test(name) ? [path] : []
  })
}

const importsOf = (file: string) =>
  [
    ...readFileSync(file, 'utf8').matchAll(
      /(?:import|export)[^'"]*?from\s+['"]([^'"]+)['"]|import\(\s*['"]([^'"]+)['"]\s*\)/g,
    ),
  ].map((m) => m[1] ?? m[2])

describe('process boundaries', () => {
  it('nothing outside src-main/shell and src-preload imports electron', () => {
    const dirs = [
      'src-main/backend',
      'src-main/cli',
      'src-main/web-host',
      'src-main/renderer-serving',
      'src-shared',
      'db',
      'src-renderer',
    ]
    const offenders = dirs
      .flatMap(sourceFiles)
      .filter((f) => importsOf(f).some((s) => s === 'electron' || s.startsWith('electron/')))
    expect(offenders).toEqual([])
  })

  it('the renderer imports no main-process code', () => {
    const offenders = sourceFiles('src-renderer').filter((f) =>
      importsOf(f).some((s) => s.includes('src-main') || s.startsWith('@db') || s.includes('/db/')),
    )
    expect(offenders).toEqual([])
  })

  it('the desktop shell never imports the web host', () => {
    const offenders = sourceFiles('src-main/shell').filter((f) =>
      importsOf(f).some((s) => s.includes('web-host')),
    )
    expect(offenders).toEqual([])
  })
})
