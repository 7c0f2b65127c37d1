import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import BetterSqlite3 from 'better-sqlite3-multiple-ciphers'
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { runCli } from '../helpers/cli'

let dir: string
beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'marelle-demo-cli-'))
})
afterEach(() => rmSync(dir, { recursive: true, force: true }))

const run = runCli

describe('marelle demo', () => {
  it('fills a new database, prints a French summary, and the database passes check', async () => {
    const db = join(dir, 'demo.db')
    expect((await run('--db', db, 'migrate')).code).toBe(0)
    const result = await run('--db', db, 'demo', '--families', '40', '--seed', 'x')
    expect(result.code).toBe(0)
    expect(result.out).toContain('Données de démonstration créées')
    expect(result.out).toContain('41 familles dont la famille TEST')
    expect(result.err).toBe('')
    expect(await run('--db', db, 'check')).toMatchObject({ code: 0 })
    const sqlite = new BetterSqlite3(db, { readonly: true })
    expect(sqlite.prepare('SELECT count(*) FROM families').pluck().get()).toBe(41)
    expect(sqlite.prepare('SELECT actor FROM audit_log').pluck().all()).toEqual([
      expect.stringContaining('Ligne de commande'),
    ])
    sqlite.close()
  })

  it('refuses to mix demo data into a database that holds families (exit 1)', async () => {
    const db = join(dir, 'demo.db')
    await run('--db', db, 'migrate')
    await run('--db', db, 'demo', '--families', '0')
    const again = await run('--db', db, 'demo', '--families', '3')
    expect(again.code).toBe(1)
    expect(again.err).toMatch(/La base contient déjà 1 famille/)
  })

  it('rejects a missing or malformed --families (exit 2) and documents the rule in its help', async () => {
    const db = join(dir, 'demo.db')
    await run('--db', db, 'migrate')
    expect((await run('--db', db, 'demo')).code).toBe(2)
    expect((await run('--db', db, 'demo', '--families', '-1')).code).toBe(2)
    for (const bad of ['abc', '1.5', '2000000', ' 3']) {
      const result = await run('--db', db, 'demo', '--families', bad)
      expect(result.code, bad).toBe(2)
      expect(result.err).toContain('--families attend un nombre entier')
    }
    const help = await run('--db', db, 'demo', '--help')
    expect(help.out).toContain('Refuse une base qui contient déjà des familles')
  })
})
