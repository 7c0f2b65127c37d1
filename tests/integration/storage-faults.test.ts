import { afterEach, describe, expect, it } from 'vitest'
import { inTransaction } from '../../src-main/backend/db/transaction'
import { storageError } from '../../src-main/backend/errors'
import { createTestBackend, signedInAdmin, type TestBackend } from '../helpers/backend'
import { describeSqliteOnly } from '../helpers/pg-backend'
import { sqliteOf } from '../helpers/sqlite'

let backend: TestBackend
afterEach(async () => backend.dispose())

/** Caps the file at its size and fills every free byte: the next page SQLite needs fails with SQLITE_FULL, as on a full disk. */
function fillTheDisk(b: TestBackend): void {
  const sqlite = sqliteOf(b.services)
  sqlite.exec('CREATE TABLE IF NOT EXISTS filler (v TEXT)')
  const pages = sqlite.pragma('page_count', { simple: true }) as number
  sqlite.pragma(`max_page_count = ${pages}`)
  const insert = sqlite.prepare('INSERT INTO filler (v) VALUES (?)')
  for (const size of [1000, 100, 10, 1])
    for (;;) {
      try {
        insert.run('f'.repeat(size))
      } catch (error) {
        expect((error as { code?: string }).code).toBe('SQLITE_FULL')
        break
      }
    }
}

const bigText = (n: number) => 'x'.repeat(n)

// The file's own fault: SQLite's page cap stands in for a full disk (a server's
// disk-full error, 53100, is mapped in db/postgres/errors.ts, tests/pg/errors.test.ts).
describeSqliteOnly('a full disk', () => {
  it('reaches the caller as SQLITE_FULL, not as a failed rollback, and leaves the connection usable', async () => {
    backend = createTestBackend()
    const sqlite = sqliteOf(backend.services)
    fillTheDisk(backend)
    const filled = sqlite.prepare('SELECT count(*) FROM filler').pluck().get()
    const attempt = inTransaction(backend.services.db, async (trx) => {
      for (let i = 0; i < 50; i++)
        await trx
          .insertInto('filler' as never)
          .values({ v: bigText(100_000) } as never)
          .execute()
    })
    await expect(attempt).rejects.toMatchObject({ code: 'SQLITE_FULL' })
    expect(sqlite.inTransaction).toBe(false)
    expect(sqlite.prepare('SELECT count(*) FROM filler').pluck().get()).toBe(filled)
    // The next action works once space is back.
    sqlite.pragma('max_page_count = 1073741823')
    await inTransaction(backend.services.db, (trx) =>
      trx
        .insertInto('filler' as never)
        .values({ v: 'ok' } as never)
        .execute(),
    )
    expect(sqlite.prepare('SELECT count(*) FROM filler').pluck().get()).toBe(Number(filled) + 1)
  })

  it('tells staff in French that nothing was saved', async () => {
    backend = createTestBackend()
    const session = await signedInAdmin(backend)
    // The new account's row lands in a page with room left: make its transaction need a fresh page too.
    sqliteOf(backend.services).exec(`CREATE TABLE spill (v BLOB);
      CREATE TRIGGER spill_on_staff AFTER INSERT ON staff BEGIN INSERT INTO spill VALUES (randomblob(100000)); END`)
    fillTheDisk(backend)
    const envelope = await backend.dispatch(
      'staff/create',
      {
        login: 'agent',
        displayName: bigText(100),
        role: 'agent',
        password: 'Grand-Cerf-2026!',
      },
      session,
    )
    expect(envelope).toMatchObject({
      ok: false,
      error: {
        code: 'UNAVAILABLE',
        message: expect.stringContaining('le disque est plein : rien n’a été enregistré'),
      },
    })
    expect(
      sqliteOf(backend.services).prepare("SELECT count(*) FROM staff WHERE login = 'agent'").pluck().get(),
    ).toBe(0)
  })
})

describe('storage errors in French', () => {
  const cases: [string, string][] = [
    ['SQLITE_FULL', 'le disque est plein : rien n’a été enregistré'],
    ['SQLITE_IOERR_WRITE', 'erreur de lecture ou d’écriture du disque'],
    ['SQLITE_IOERR', 'erreur de lecture ou d’écriture du disque'],
    ['SQLITE_CORRUPT', 'endommagée'],
    ['SQLITE_NOTADB', 'n’est pas une base Marelle'],
    ['SQLITE_BUSY', 'occupée'],
    ['SQLITE_READONLY', 'lecture seule'],
  ]
  for (const [code, words] of cases)
    it(code, () => {
      backend = createTestBackend()
      const error = storageError(Object.assign(new Error('x'), { code }))
      expect(error?.message).toContain(words)
    })

  it('leaves other errors alone', () => {
    backend = createTestBackend()
    expect(storageError(new Error('boom'))).toBeNull()
    expect(storageError(Object.assign(new Error('c'), { code: 'SQLITE_CONSTRAINT_UNIQUE' }))).toBeNull()
  })
})
