import { rmSync } from 'node:fs'
import BetterSqlite3 from 'better-sqlite3-multiple-ciphers'
import { sql } from 'kysely'
import { afterAll, beforeAll, expect, it, vi } from 'vitest'
import { commandLineActor } from '../../src-main/backend/auth/actor'
import { type Backend, startServerBackend } from '../../src-main/backend/bootstrap'
import { openPostgres } from '../../src-main/backend/db/postgres/open'
import { type DemoResult, generateDemo } from '../../src-main/backend/demo/generate'
import { main } from '../../src-main/cli/main'
import { createTestBackend, silentLog, type TestBackend, TestClock } from '../helpers/backend'
import { describePg, testDatabase } from './helpers'

// The demo on a PostgreSQL server (docs/architecture.md, « Mode serveur »):
// the bulk writer reserves ids from the sequences and sends multi-row
// INSERTs; the server's triggers derive the search order, the request
// counts and the children's coverage. The same seed on the same day gives
// the same rows as on the embedded file, table by table.

vi.setConfig({ testTimeout: 180_000 })

const FAMILIES = 1_500 // more than one batch of the writer
const SEED = 'essai'
const actor = commandLineActor('test')

/**
 * Not the demo's: the FTS5 index and its shadow tables (PostgreSQL keeps the
 * search in tables of its own, compared through the *_search_order ones),
 * and the catalogues the migrations stamp with the instant they ran.
 */
const NOT_COMPARED =
  /^(sqlite_.*|(family|child)_search(_data|_idx|_docsize|_config)?|schema_migrations|message_templates|school_holidays)$/

/**
 * The demo's audit entry is written after the billing's own entries are
 * dropped: SQLite gives it the newest deleted id again, PostgreSQL the
 * sequence's next one (a known difference of the engines).
 */
const WITHOUT_ID = new Set(['audit_log'])

/** Rows with their keys sorted, sorted by their text: the same set whatever the order each engine returns. */
function canonical(table: string, rows: Record<string, unknown>[]): string[] {
  const kept = ([column]: [string, unknown]) => !(column === 'id' && WITHOUT_ID.has(table))
  return rows
    .map((row) =>
      JSON.stringify(
        Object.fromEntries(
          Object.entries(row)
            .filter(kept)
            .sort(([a], [b]) => a.localeCompare(b)),
        ),
      ),
    )
    .sort()
}

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

describePg('the demo on PostgreSQL', () => {
  const pg = testDatabase()
  const clock = new TestClock()
  let file: TestBackend
  let server: Backend
  let onFile: DemoResult
  let onServer: DemoResult

  beforeAll(async () => {
    file = createTestBackend({ clock })
    onFile = await generateDemo(file.context(actor), { families: FAMILIES, seed: SEED })
    await file.close()
    server = await startServerBackend({ databaseUrl: pg.url, localDir: file.dir, log: silentLog, clock })
    onServer = await generateDemo(
      { ...server.services, session: { staffId: null }, actor },
      { families: FAMILIES, seed: SEED },
    )
  })
  afterAll(async () => {
    await server?.close()
    if (file) rmSync(file.dir, { recursive: true, force: true })
  })

  it('counts the same rows as on the file', () => {
    expect(onServer.counts.families).toBe(FAMILIES + 1)
    expect(onServer).toEqual(onFile)
  })

  it('writes the same rows, table by table, derived ones included (search order, request counts, coverage)', async () => {
    const sqlite = new BetterSqlite3(file.dbPath, { readonly: true })
    try {
      const tables = (
        sqlite
          .prepare("SELECT name FROM sqlite_schema WHERE type = 'table' ORDER BY name")
          .pluck()
          .all() as string[]
      ).filter((t) => !NOT_COMPARED.test(t))
      expect(tables).toEqual(
        expect.arrayContaining([
          'families',
          'children',
          'vaccinations',
          'requests',
          'request_items',
          'request_kind_counts',
          'request_state_counts',
          'family_search_order',
          'child_search_order',
          'audit_log',
        ]),
      )
      const differing: string[] = []
      for (const table of tables) {
        const fromFile = sqlite.prepare(`SELECT * FROM ${table}`).all() as Record<string, unknown>[]
        const fromServer = (
          await sql.raw<Record<string, unknown>>(`SELECT * FROM ${table}`).execute(pg.pg.db)
        ).rows
        if (JSON.stringify(canonical(table, fromServer)) !== JSON.stringify(canonical(table, fromFile)))
          differing.push(`${table} (${fromFile.length} / ${fromServer.length})`)
      }
      expect(differing).toEqual([])
    } finally {
      sqlite.close()
    }
  })

  it('shows the TEST family 383304832264 the same from the file and from the server', async () => {
    const fromFile = await run('--db', file.dbPath, 'family', 'show', '383304832264', '--json')
    const fromServer = await run('--db', pg.url, 'family', 'show', '383304832264', '--json')
    expect(fromFile.code).toBe(0)
    expect(fromServer.err).toBe('')
    expect(fromServer.code).toBe(0)
    expect(fromServer.out).toContain('383304832264')
    expect(fromServer.out).toBe(fromFile.out)
  })
})

describePg('a second demo run on the same server', () => {
  const pg = testDatabase()

  it('is refused at once in French while another holds the lock, and runs once it is over', async () => {
    const other = await openPostgres(pg.url)
    const server = await startServerBackend({ databaseUrl: pg.url, localDir: '/nonexistent', log: silentLog })
    const ctx = { ...server.services, session: { staffId: null }, actor }
    try {
      await other.storage.withJobLock('demo', () =>
        expect(generateDemo(ctx, { families: 2, seed: 'verrou' })).rejects.toMatchObject({
          code: 'BUSY',
          message: expect.stringMatching(/démonstration est déjà en cours/),
        }),
      )
      const { count } = await server.services.db
        .selectFrom('families')
        .select((eb) => eb.fn.countAll<number>().as('count'))
        .executeTakeFirstOrThrow()
      expect(count).toBe(0)
      const done = await generateDemo(ctx, { families: 2, seed: 'verrou' })
      expect(done.counts.families).toBe(3) // the TEST family and the two asked for
      await expect(generateDemo(ctx, { families: 2, seed: 'verrou' })).rejects.toMatchObject({
        code: 'CONFLICT',
      })
    } finally {
      await server.close()
      await other.close()
    }
  })
})

describePg('the bulk writer on PostgreSQL', () => {
  const pg = testDatabase()

  it('gives the reserved ids in order, sends rows by several INSERTs, and refuses a row without an id', async () => {
    const { storage } = pg.pg
    expect(() => storage.bulkWriter(storage.db)).toThrow(/inside its transaction/)
    const at = '2026-12-01T08:00:00.000Z'
    const ids = await storage.transaction(async (trx) => {
      const writer = storage.bulkWriter(trx)
      const structures = writer.table('structures', ['name', 'created_at', 'updated_at'])
      // 4,500 rows: three INSERTs of at most 2,000; reserved in two goes, the second before the first is used up.
      await structures.reserve(3_000)
      const written: number[] = []
      for (let i = 0; i < 2_000; i++) written.push(structures.insert([`École ${i}`, at, at]))
      await structures.reserve(1_500)
      for (let i = 2_000; i < 4_500; i++) written.push(structures.insert([`École ${i}`, at, at]))
      expect(() => structures.insert(['Une de trop', at, at])).toThrow(/no id reserved/)
      await writer.flush()
      return written
    })
    expect(new Set(ids).size).toBe(4_500)
    expect(ids).toEqual([...ids].sort((a, b) => a - b))
    const rows = await storage.db
      .selectFrom('structures')
      .select(['id', 'name'])
      .where('name', 'like', 'École %')
      .orderBy('id')
      .execute()
    expect(rows.map((r) => r.id)).toEqual(ids)
    expect(rows.map((r) => r.name)).toEqual(ids.map((_, i) => `École ${i}`))
  })
})
