import { spawnSync } from 'node:child_process'
import { closeSync, mkdtempSync, openSync, rmSync, writeFileSync, writeSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join, resolve } from 'node:path'
import BetterSqlite3 from 'better-sqlite3-multiple-ciphers'
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { commands } from '../../src-main/cli/commands/index'
import { runCli } from '../helpers/cli'

let dir: string
beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'marelle-damaged-'))
})
afterEach(() => rmSync(dir, { recursive: true, force: true }))

/** Arguments that make each command reach the database (the files they name exist). */
function argsFor(name: string): string[] {
  const command = commands.find((c) => c.name === name)
  const jsonl = join(dir, 'demandes.jsonl')
  writeFileSync(jsonl, '')
  switch (name) {
    case 'backup':
      return ['backup', '--out', join(dir, 'copie.db')]
    case 'demo':
      return ['demo', '--families', '2', '--seed', '1']
    case 'family show':
      return ['family', 'show', '123']
    case 'requests import':
      return ['requests', 'import', jsonl]
    case 'requests decide':
      return ['requests', 'decide', 'P-1', '--validate']
    case 'requests export-decisions':
      return ['requests', 'export-decisions', '--since', '2026-01-01', '--out', join(dir, 'd.jsonl')]
    case 'export families':
      return ['export', 'families', '--out', join(dir, 'export')]
    case 'import families':
      return ['import', 'families', jsonl, '--dry-run']
    default:
      // Any other command: its required options given, so that it gets as far as the database.
      return [
        ...name.split(' '),
        ...(command?.requiredOptions ?? []).flatMap((o) => [`--${o}`, join(dir, `${o}.txt`)]),
      ]
  }
}

const STACK_LINE = /^\s+at .+\(.+:\d+:\d+\)$|^\s+at .+:\d+:\d+$/m

describe('a file that is not a Marelle database', () => {
  it('makes every command answer in French with exit code 1, without a stack trace', async () => {
    const db = join(dir, 'notes.db')
    writeFileSync(db, 'Ceci est un fichier texte, pas une base SQLite.\n'.repeat(200))
    for (const command of commands) {
      const result = await runCli('--db', db, ...argsFor(command.name))
      expect({ command: command.name, code: result.code }).toEqual({ command: command.name, code: 1 })
      expect(result.err).toContain('n’est pas une base Marelle')
      expect(result.err).not.toMatch(STACK_LINE)
    }
  })

  it('through the real executable too', () => {
    const db = join(dir, 'notes.db')
    writeFileSync(db, 'pas une base'.repeat(1000))
    const bin = resolve(import.meta.dirname, '../../bin/marelle.js')
    const run = spawnSync(process.execPath, [bin, '--db', db, 'requests', 'list'], { encoding: 'utf8' })
    expect(run.status).toBe(1)
    expect(run.stderr).toContain('n’est pas une base Marelle')
    expect(run.stderr).not.toMatch(STACK_LINE)
    expect(run.stderr).not.toMatch(/SqliteError|file is not a database/)
  })
})

describe('a database with a damaged page', () => {
  it('makes the commands that read it answer in French with exit code 1', async () => {
    const db = join(dir, 'marelle.db')
    expect((await runCli('--db', db, 'migrate')).code).toBe(0)
    expect((await runCli('--db', db, 'demo', '--families', '30', '--seed', '3')).code).toBe(0)
    const sqlite = new BetterSqlite3(db)
    const root = sqlite
      .prepare("SELECT rootpage FROM sqlite_schema WHERE name = 'families'")
      .pluck()
      .get() as number
    const pageSize = sqlite.pragma('page_size', { simple: true }) as number
    sqlite.pragma('wal_checkpoint(TRUNCATE)')
    sqlite.close()
    const fd = openSync(db, 'r+')
    writeSync(fd, Buffer.alloc(pageSize, 0xa5), 0, pageSize, (root - 1) * pageSize)
    closeSync(fd)
    for (const args of [
      ['family', 'show', '383304832264'],
      ['export', 'families', '--out', join(dir, 'export')],
      ['check'],
    ]) {
      const result = await runCli('--db', db, ...args)
      expect({ args, code: result.code }).toEqual({ args, code: 1 })
      expect(result.err).not.toMatch(STACK_LINE)
      expect(result.err).toMatch(/endommagée|Intégrité/)
    }
  })
})
