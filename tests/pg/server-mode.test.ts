import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, beforeAll, expect, it, vi } from 'vitest'
import { startServerBackend } from '../../src-main/backend/bootstrap'
import { main } from '../../src-main/cli/main'
import { silentLog } from '../helpers/backend'
import { describePg, testDatabase } from './helpers'

// Server mode (docs/architecture.md, « Mode serveur »): the services of the
// command line and the web host run on a PostgreSQL database. The issue's
// check: after `transfer`, `family show 383304832264 --json` prints the same
// thing from the file and from the server.

vi.setConfig({ testTimeout: 120_000 })

function capture() {
  const out: string[] = []
  const err: string[] = []
  return { io: { out: (l: string) => out.push(l), err: (l: string) => err.push(l) }, out, err }
}

async function run(...args: string[]) {
  const c = capture()
  const code = await main(args, c.io)
  return { code, out: c.out.join('\n'), err: c.err.join('\n') }
}

let dir: string
let file: string

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'marelle-server-mode-'))
  file = join(dir, 'demo.db')
  expect((await run('--db', file, 'migrate')).code).toBe(0)
  expect((await run('--db', file, 'demo', '--families', '40', '--seed', '7')).code).toBe(0)
})
afterAll(() => rmSync(dir, { recursive: true, force: true }))

describePg('the command line on a PostgreSQL server after transfer', () => {
  const pg = testDatabase({ empty: true })

  it('prints the same family show --json from the file and from the server', async () => {
    const moved = await run('--db', file, 'transfer', '--to', pg.url)
    expect(moved.code).toBe(0)
    const fromFile = await run('--db', file, 'family', 'show', '383304832264', '--json')
    const fromServer = await run('--db', pg.url, 'family', 'show', '383304832264', '--json')
    expect(fromFile.code).toBe(0)
    expect(fromServer.err).toBe('')
    expect(fromServer.code).toBe(0)
    expect(fromFile.out).toContain('383304832264')
    expect(fromServer.out).toBe(fromFile.out)
  })

  it('lists the same pending requests from both', async () => {
    const fromFile = await run('--db', file, 'requests', 'list', '--json')
    const fromServer = await run('--db', pg.url, 'requests', 'list', '--json')
    expect(fromFile.code).toBe(0)
    expect(fromServer.err).toBe('')
    expect(fromServer.out).toBe(fromFile.out)
  })

  it('refuses the file-only commands with what to use', async () => {
    const r = await run('--db', pg.url, 'restore')
    expect(r.code).toBe(1)
    expect(r.err).toMatch(/^La commande « restore » travaille sur un fichier SQLite\. .*pg_restore/)
  })

  it('starts the web host’s back-end on it: the services answer, with no SQLite connection among them', async () => {
    const localDir = join(dir, 'web')
    const backend = await startServerBackend({ databaseUrl: pg.url, localDir, log: silentLog })
    try {
      expect(backend.services.storage.kind).toBe('postgres')
      expect(backend.services.storage.file).toBeNull()
      const state = await backend.dispatch('auth/status', {}, { staffId: null })
      expect(state.ok).toBe(true)
      expect('sqlite' in backend.services).toBe(false)
    } finally {
      await backend.close()
    }
  })
})

describePg('a server whose schema is not migrated', () => {
  const pg = testDatabase({ empty: true })

  it('is refused by the web host’s back-end and the command line with what to do', async () => {
    await expect(startServerBackend({ databaseUrl: pg.url, localDir: dir, log: silentLog })).rejects.toThrow(
      /l’administrateur la prépare avec « marelle --db postgres:\/\/… migrate »/,
    )
    const r = await run('--db', pg.url, 'family', 'show', '383304832264')
    expect(r.code).toBe(1)
    expect(r.err).toMatch(/marelle --db postgres:\/\/… migrate/)
  })
})
