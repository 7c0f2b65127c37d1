import { spawnSync } from 'node:child_process'
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import { join, resolve } from 'node:path'
import { describe, expect, it } from 'vitest'
// @ts-expect-error: plain ESM script without types
import { testSteps } from '../../scripts/test-steps.mjs'

const root = resolve(import.meta.dirname, '../..')

describe('npm test', () => {
  it('runs the same Biome check as npm run lint', () => {
    const pkg = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8')) as { scripts: { lint: string } }
    const steps = testSteps('/tmp/reports') as [string, { args: string[] }][]
    const lint = steps.find(([label]) => label.startsWith('Lint'))
    expect(lint?.[1].args.join(' ')).toBe(pkg.scripts.lint)
  })
})

/** Lints one file written at `relative` (inside the project, so that biome.jsonc's overrides apply). */
function lint(relative: string, source: string): string {
  // A hidden folder: tsc and other tools walking the tree skip it while it exists.
  const dir = mkdtempSync(join(root, relative, '.lint-probe-'))
  try {
    const file = join(dir, 'probe.ts')
    writeFileSync(file, source)
    const run = spawnSync('npx', ['biome', 'lint', file], { cwd: root, encoding: 'utf8' })
    return `${run.stdout}${run.stderr}`
  } finally {
    rmSync(dir, { recursive: true, force: true })
  }
}

describe('import rules (biome.jsonc)', () => {
  const forbidden = [
    "import { readFileSync } from 'node:fs'\nexport const f = readFileSync\n",
    "import Database from 'better-sqlite3-multiple-ciphers'\nexport const f = Database\n",
    "import { sql } from 'kysely'\nexport const f = sql\n",
  ]
  for (const dir of ['src-shared', 'src-renderer'])
    it(`refuse node:*, better-sqlite3 and kysely in ${dir}`, () => {
      for (const source of forbidden) expect(lint(dir, source)).toContain('noRestrictedImports')
    })

  const drivers = [
    "import Database from 'better-sqlite3-multiple-ciphers'\nexport const f = Database\n",
    "import Database from 'better-sqlite3'\nexport const f = Database\n",
    "import pg from 'pg'\nexport const f = pg\n",
  ]

  it('leave the back-end free to use node:* and kysely', () => {
    expect(
      lint('src-main/backend', `${forbidden[0]}${forbidden[2]!.replace('const f', 'const g')}`),
    ).not.toContain('noRestrictedImports')
  })

  // The storage layer (docs/architecture.md, « Le stockage »): a service reaches the database through ctx.db and ctx.storage.
  for (const dir of ['src-main/backend/families', 'src-main/cli', 'src-main/web-host'])
    it(`refuse the database drivers in ${dir}`, () => {
      for (const source of drivers) expect(lint(dir, source)).toContain('noRestrictedImports')
    })

  it('leave the drivers to the storage layer (src-main/backend/db)', () => {
    expect(lint('src-main/backend/db', drivers[0]!)).not.toContain('noRestrictedImports')
    expect(lint('src-main/backend/db', drivers[2]!)).not.toContain('noRestrictedImports')
  })
})
