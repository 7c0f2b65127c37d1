import { execFileSync, spawnSync } from 'node:child_process'
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import BetterSqlite3 from 'better-sqlite3-multiple-ciphers'
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { runCli } from '../helpers/cli'

let dir: string
beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'marelle-cli-'))
})
afterEach(() => rmSync(dir, { recursive: true, force: true }))

const run = runCli

describe('marelle command line', () => {
  it('migrate creates the schema, check passes, backup copies the live file', async () => {
    const db = join(dir, 'x.db')
    expect((await run('--db', db, 'migrate')).code).toBe(0)
    expect(await run('--db', db, 'migrate')).toMatchObject({ code: 0, out: 'La base est déjà à jour.' })
    expect(await run('--db', db, 'check')).toMatchObject({ code: 0 })
    const target = join(dir, 'copie.db')
    expect((await run('--db', db, 'backup', '--out', target)).code).toBe(0)
    const copy = new BetterSqlite3(target, { readonly: true })
    expect(copy.prepare("SELECT count(*) FROM sqlite_master WHERE name = 'families'").pluck().get()).toBe(1)
    copy.close()
    expect(await run('--db', db, 'backup', '--out', target)).toMatchObject({ code: 1 })
  })

  it('check reports a broken foreign key and exits 1', async () => {
    const db = join(dir, 'x.db')
    await run('--db', db, 'migrate')
    const sqlite = new BetterSqlite3(db)
    sqlite.pragma('foreign_keys = OFF')
    sqlite
      .prepare(
        "INSERT INTO guardians (family_id, role, last_name, created_at, updated_at) VALUES (999, 'responsable', 'X', 'now', 'now')",
      )
      .run()
    sqlite.close()
    const result = await run('--db', db, 'check')
    expect(result.code).toBe(1)
    expect(result.err).toContain('« guardians »')
    expect(result.err).toContain('« families »')
  })

  it('check reports a corrupted file and exits 1', async () => {
    const db = join(dir, 'x.db')
    await run('--db', db, 'migrate')
    const sqlite = new BetterSqlite3(db)
    const insert = sqlite.prepare("INSERT INTO settings (key, value, updated_at) VALUES (?, '1', 'now')")
    for (let i = 0; i < 500; i++) insert.run(`cle-${i}`)
    const root = sqlite
      .prepare("SELECT rootpage FROM sqlite_master WHERE name = 'sqlite_autoindex_settings_1'")
      .pluck()
      .get() as number
    const pageSize = sqlite.pragma('page_size', { simple: true }) as number
    sqlite.pragma('wal_checkpoint(TRUNCATE)')
    sqlite.close()
    const bytes = readFileSync(db)
    // Scramble the b-tree page of the settings index (not the schema page).
    bytes.fill(0x7f, (root - 1) * pageSize + 8, root * pageSize)
    writeFileSync(db, bytes)
    const result = await run('--db', db, 'check')
    expect(result.code).toBe(1)
  })

  it('usage errors exit 2, a missing database exits 1', async () => {
    expect((await run('migrate')).code).toBe(2)
    expect((await run('--db', join(dir, 'x.db'), 'frobnicate')).code).toBe(2)
    expect((await run('--db', join(dir, 'x.db'), 'backup')).code).toBe(2)
    expect((await run('--db', join(dir, 'x.db'), 'backup', '--bogus')).code).toBe(2)
    expect((await run()).code).toBe(2)
    const missing = await run('--db', join(dir, 'absent.db'), 'check')
    expect(missing.code).toBe(1)
    expect(missing.err).toMatch(/n’existe pas/)
    expect(existsSync(join(dir, 'absent.db'))).toBe(false)
    expect(await run('--help')).toMatchObject({ code: 0 })
  })

  it('runs as the installed `marelle` binary', { timeout: 60_000 }, () => {
    const db = join(dir, 'bin.db')
    execFileSync(process.execPath, ['bin/marelle.js', '--db', db, 'migrate'])
    const result = spawnSync(process.execPath, ['bin/marelle.js', '--db', db, 'check'], { encoding: 'utf8' })
    expect(result.status).toBe(0)
    expect(result.stdout).toContain('Base saine')
    expect(spawnSync(process.execPath, ['bin/marelle.js', 'nope'], { encoding: 'utf8' }).status).toBe(2)
  })
})
