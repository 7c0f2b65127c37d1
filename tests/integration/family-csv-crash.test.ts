import { execFileSync, spawn } from 'node:child_process'
import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import BetterSqlite3 from 'better-sqlite3'
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { syntheticSet, writeSyntheticFiles } from '../helpers/synthetic-family-files'

// FORMATS.md: "the import then runs as one transaction, so a crash or a kill
// in the middle leaves the database exactly as before". The command-line
// tool imports a large file set; once it says it is writing, it is killed
// with SIGKILL (no handler, no cleanup) and the database is checked.

let dir: string
beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'marelle-crash-'))
})
afterEach(() => rmSync(dir, { recursive: true, force: true }))

const cli = (...args: string[]) =>
  execFileSync(process.execPath, ['bin/marelle.js', ...args], { encoding: 'utf8' })

describe('an import killed while it writes', () => {
  it('leaves a database that passes integrity_check and holds none of the import', async () => {
    const db = join(dir, 'marelle.db')
    cli('--db', db, 'migrate')
    const first = writeSyntheticFiles(syntheticSet(3), mkdtempSync(join(dir, 'avant-')))
    cli('--db', db, 'import', 'families', ...first)
    const paths = writeSyntheticFiles(syntheticSet(6000, 1000), mkdtempSync(join(dir, 'gros-')))

    const child = spawn(process.execPath, ['bin/marelle.js', '--db', db, 'import', 'families', ...paths], {
      stdio: ['ignore', 'pipe', 'pipe'],
    })
    let stderr = ''
    const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((resolve) =>
      child.on('exit', (code, signal) => resolve({ code, signal })),
    )
    await new Promise<void>((resolve, reject) => {
      child.stderr.on('data', (chunk: Buffer) => {
        stderr += chunk.toString()
        if (stderr.includes('Écriture…')) resolve()
      })
      child.on('exit', () => reject(new Error(`the import ended before writing:\n${stderr}`)))
    })
    // "Écriture…" is said inside the write transaction: let it write a while, then kill it.
    await new Promise((r) => setTimeout(r, 300))
    child.kill('SIGKILL')
    expect(await exited).toEqual({ code: null, signal: 'SIGKILL' })

    const sqlite = new BetterSqlite3(db)
    expect(sqlite.pragma('integrity_check', { simple: true })).toBe('ok')
    expect(sqlite.pragma('foreign_key_check')).toEqual([])
    const count = (table: string) => sqlite.prepare(`SELECT count(*) FROM ${table}`).pluck().get()
    expect([count('families'), count('guardians'), count('children'), count('vaccinations')]).toEqual([
      3, 6, 4, 8,
    ])
    expect(sqlite.prepare("SELECT count(*) FROM families WHERE number >= '300000001000'").pluck().get()).toBe(
      0,
    )
    sqlite.close()
  }, 60_000)
})
