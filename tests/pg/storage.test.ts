import { sql } from 'kysely'
import { beforeAll, expect, it } from 'vitest'
import { openPostgres } from '../../src-main/backend/db/postgres/open'
import { serializable } from '../../src-main/backend/db/postgres/transaction'
import { inTransaction } from '../../src-main/backend/db/transaction'
import { describePg, testDatabase } from './helpers'

/** A promise and the function that settles it. */
function gate() {
  let open = () => {}
  const opened = new Promise<void>((resolve) => {
    open = resolve
  })
  return { open, opened }
}

describePg('the server mode of the storage layer', () => {
  const pg = testDatabase()
  beforeAll(async () => {
    await sql`INSERT INTO request_state_counts (state, n) VALUES ('essai', 0)`.execute(pg.pg.db)
  })
  const count = async () =>
    (await sql<{ n: number }>`SELECT n FROM request_state_counts WHERE state = 'essai'`.execute(pg.pg.db))
      .rows[0].n

  // Through inTransaction(db, …), as every service calls it: the opened pool's storage runs it (E's registry).
  it('runs again a transaction the server refused to serialize, so that no change is lost', async () => {
    const other = await openPostgres(pg.url)
    const before = await count()
    try {
      // Both read the counter before either writes: SERIALIZABLE refuses the second commit.
      const bothRead = [gate(), gate()]
      const runs = [0, 0]
      const increment = (db: typeof pg.pg.db, who: 0 | 1) =>
        inTransaction(db, async (trx) => {
          runs[who]++
          const { n } = (
            await sql<{ n: number }>`SELECT n FROM request_state_counts WHERE state = 'essai'`.execute(trx)
          ).rows[0]
          if (runs[who] === 1) {
            bothRead[who].open()
            await bothRead[1 - who].opened
          }
          await sql`UPDATE request_state_counts SET n = ${n + 1} WHERE state = 'essai'`.execute(trx)
        })
      await Promise.all([increment(pg.pg.db, 0), increment(other.db, 1)])
      expect(await count()).toBe(before + 2)
      expect(runs[0] + runs[1]).toBe(3)
    } finally {
      await other.close()
    }
  })

  it('gives up after its attempts with the French « base occupée »', async () => {
    const other = await openPostgres(pg.url)
    try {
      const bothRead = [gate(), gate()]
      const attempt = (db: typeof pg.pg.db, who: 0 | 1) =>
        serializable(
          db,
          async (trx) => {
            await sql`SELECT n FROM request_state_counts WHERE state = 'essai'`.execute(trx)
            bothRead[who].open()
            await bothRead[1 - who].opened
            await sql`UPDATE request_state_counts SET n = n + 1 WHERE state = 'essai'`.execute(trx)
          },
          { attempts: 1 },
        )
      const results = await Promise.allSettled([attempt(pg.pg.db, 0), attempt(other.db, 1)])
      const refused = results
        .filter((r) => r.status === 'rejected')
        .map((r) => (r as PromiseRejectedResult).reason)
      expect(refused).toHaveLength(1)
      expect(refused[0]).toMatchObject({ code: '40001' })
      expect(pg.pg.storage.errorOf(refused[0])).toMatchObject({
        code: 'BUSY',
        message: expect.stringMatching(/La base est occupée .* réessayez/),
      })
    } finally {
      await other.close()
    }
  })

  it('refuses a second import while one runs, from any connection, and lets the next one in after', async () => {
    const other = await openPostgres(pg.url)
    try {
      const running = gate()
      const finish = gate()
      const first = pg.pg.storage.withJobLock('import', async () => {
        running.open()
        await finish.opened
        return 'premier'
      })
      await running.opened
      await expect(other.storage.withJobLock('import', async () => 'second')).rejects.toMatchObject({
        code: 'BUSY',
        message: expect.stringMatching(/Un import est déjà en cours/),
      })
      // Another job is not held up by it.
      expect(await other.storage.withJobLock('retention', async () => 'conservation')).toBe('conservation')
      finish.open()
      expect(await first).toBe('premier')
      expect(await other.storage.withJobLock('import', async () => 'ensuite')).toBe('ensuite')
    } finally {
      await other.close()
    }
  })

  it('says the schema version and checks it is this version’s', async () => {
    expect(await pg.pg.storage.schemaVersion()).toBe((await pg.pg.storage.appliedMigrations()).at(-1))
    expect(await pg.pg.storage.check()).toEqual({ ok: true, problems: [] })
    await sql`DELETE FROM schema_migrations WHERE name = (SELECT max(name) FROM schema_migrations)`.execute(
      pg.pg.db,
    )
    const report = await pg.pg.storage.check()
    expect(report.ok).toBe(false)
    expect(report.problems[0]).toMatch(/1 migration\(s\) à appliquer .* marelle --db postgres:\/\/… migrate/)
  })
})
