import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { createTestBackend, type TestBackend } from '../helpers/backend'
import { runCli } from '../helpers/cli'

// On a new migrated database: the test file, or under scripts/pg-suite.mjs a server database.
let backend: TestBackend
let db: string
beforeEach(() => {
  backend = createTestBackend()
  db = backend.database
})
afterEach(() => backend.dispose())

const run = runCli

describe('marelle demo', () => {
  it('fills a new database, prints a French summary, and the database passes check', async () => {
    const result = await run('--db', db, 'demo', '--families', '40', '--seed', 'x')
    expect(result.code).toBe(0)
    expect(result.out).toContain('Données de démonstration créées')
    expect(result.out).toContain('41 familles dont la famille TEST')
    expect(result.err).toBe('')
    expect(await run('--db', db, 'check')).toMatchObject({ code: 0 })
    expect(await backend.services.db.selectFrom('families').select('id').execute()).toHaveLength(41)
    expect(await backend.services.db.selectFrom('audit_log').select('actor').execute()).toEqual([
      { actor: expect.stringContaining('Ligne de commande') },
    ])
  })

  it('refuses to mix demo data into a database that holds families (exit 1)', async () => {
    await run('--db', db, 'demo', '--families', '0')
    const again = await run('--db', db, 'demo', '--families', '3')
    expect(again.code).toBe(1)
    expect(again.err).toMatch(/La base contient déjà 1 famille/)
  })

  it('rejects a missing or malformed --families (exit 2) and documents the rule in its help', async () => {
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
