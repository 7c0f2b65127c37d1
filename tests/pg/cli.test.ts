import { describe, expect, it } from 'vitest'
import { main } from '../../src-main/cli/main'
import { describePg, testDatabase } from './helpers'

function capture() {
  const out: string[] = []
  const err: string[] = []
  return { io: { out: (l: string) => out.push(l), err: (l: string) => err.push(l) }, out, err }
}

describe('marelle --db postgres://… without a server', () => {
  it('runs a service command on the server, and says in French that it does not answer (tests/pg/server-mode.test.ts)', async () => {
    const { io, err } = capture()
    expect(
      await main(['--db', 'postgres://marelle@127.0.0.1:1/marelle', 'family', 'show', '383304832264'], io),
    ).toBe(1)
    expect(err.join('\n')).toMatch(/^Le serveur PostgreSQL ne répond pas \(marelle@127\.0\.0\.1:1\/marelle\)/)
  })

  it('says in French that the server does not answer', async () => {
    const { io, err } = capture()
    expect(await main(['--db', 'postgres://marelle@127.0.0.1:1/marelle', 'migrate'], io)).toBe(1)
    expect(err.join('\n')).toMatch(/^Le serveur PostgreSQL ne répond pas \(marelle@127\.0\.0\.1:1\/marelle\)/)
  })
})

describePg('marelle --db postgres://… migrate', () => {
  const pg = testDatabase({ empty: true })

  it('migrates an empty database, then says it is up to date', async () => {
    const first = capture()
    expect(await main(['--db', pg.url, 'migrate'], first.io)).toBe(0)
    expect(first.out.join('\n')).toMatch(
      /^Base .*\/t_\w+ : migrations appliquées : 20261127-0900-foundation, /,
    )
    const again = capture()
    const previous = process.env.MARELLE_DATABASE_URL
    process.env.MARELLE_DATABASE_URL = pg.url
    try {
      // The address can come from MARELLE_DATABASE_URL instead of --db.
      expect(await main(['migrate'], again.io)).toBe(0)
    } finally {
      if (previous === undefined) delete process.env.MARELLE_DATABASE_URL
      else process.env.MARELLE_DATABASE_URL = previous
    }
    expect(again.out).toEqual([expect.stringMatching(/^La base .*\/t_\w+ est déjà à jour\.$/)])
    expect(await pg.pg.storage.check()).toEqual({ ok: true, problems: [] })
  })
})
