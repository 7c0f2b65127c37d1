import { type ChildProcess, spawn } from 'node:child_process'
import { existsSync, mkdtempSync, readdirSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join, resolve } from 'node:path'
import BetterSqlite3 from 'better-sqlite3-multiple-ciphers'
import { afterEach, beforeEach, expect, it } from 'vitest'
import { runCli } from '../helpers/cli'
import { describeSqliteOnly } from '../helpers/pg-backend'

let dir: string
let writer: ChildProcess | null = null
beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'marelle-backup-writer-'))
})
afterEach(() => {
  writer?.kill('SIGKILL')
  writer = null
  rmSync(dir, { recursive: true, force: true })
})

/** Starts the steady writer on `db` and waits for its first commit. */
function startWriter(db: string): Promise<ChildProcess> {
  const child = spawn(process.execPath, [resolve(import.meta.dirname, '../helpers/steady-writer.mjs'), db], {
    stdio: ['ignore', 'pipe', 'inherit'],
  })
  return new Promise((resolveReady, reject) => {
    child.once('error', reject)
    child.once('exit', (code) => reject(new Error(`writer exited with ${code}`)))
    child.stdout?.on('data', (data: Buffer) => {
      if (data.toString().includes('ready')) resolveReady(child)
    })
  })
}

const withTimeout = <T>(promise: Promise<T>, ms: number, what: string) =>
  Promise.race([
    promise,
    new Promise<never>((_, reject) =>
      setTimeout(() => reject(new Error(`${what} did not finish in ${ms} ms`)), ms),
    ),
  ])

// The file's own: a copy of the SQLite file taken while another process writes it.
describeSqliteOnly('marelle backup --out while another process keeps writing', () => {
  it('finishes, leaves no partial file, and the copy passes integrity_check', async () => {
    const db = join(dir, 'marelle.db')
    expect((await runCli('--db', db, 'migrate')).code).toBe(0)
    expect((await runCli('--db', db, 'demo', '--families', '1500', '--seed', '5')).code).toBe(0)
    writer = await startWriter(db)
    const target = join(dir, 'copie.db')
    const result = await withTimeout(runCli('--db', db, 'backup', '--out', target), 60_000, 'backup')
    expect(result).toMatchObject({ code: 0 })
    expect(result.out).toMatch(/^Sauvegarde écrite : .*copie\.db \(\d+ pages\)\.$/)
    expect(readdirSync(dir).filter((f) => f.includes('partiel'))).toEqual([])
    const copy = new BetterSqlite3(target, { readonly: true })
    try {
      expect(copy.pragma('integrity_check')).toEqual([{ integrity_check: 'ok' }])
      expect(copy.pragma('foreign_key_check')).toEqual([])
      expect(copy.prepare('SELECT count(*) FROM families').pluck().get()).toBe(1501)
      // The writer was at work before the copy began: its first rows are in it.
      expect(copy.prepare('SELECT count(*) FROM writer_probe').pluck().get()).toBeGreaterThan(0)
    } finally {
      copy.close()
    }
    // And it kept writing all along.
    const live = new BetterSqlite3(db, { readonly: true })
    const writtenSince = live.prepare('SELECT count(*) FROM writer_probe').pluck().get() as number
    live.close()
    const copied = new BetterSqlite3(target, { readonly: true })
    expect(writtenSince).toBeGreaterThan(
      copied.prepare('SELECT count(*) FROM writer_probe').pluck().get() as number,
    )
    copied.close()
    expect(existsSync(`${target}-wal`)).toBe(false)
  }, 120_000)
})
