import { randomBytes } from 'node:crypto'
import { afterAll, beforeAll, describe, inject } from 'vitest'
import { type OpenPostgres, openPostgres } from '../../src-main/backend/db/postgres/open'
import { databaseUrl, TEMPLATE_DATABASE } from './server'

/** The maintenance database's address, or null without a server (the tests are then skipped). */
export const pgAdminUrl: string | null = inject('pgAdminUrl')

/** describe() when a server is there, describe.skip() otherwise. */
export const describePg = pgAdminUrl ? describe : describe.skip

async function onAdmin<T>(run: (server: OpenPostgres) => Promise<T>): Promise<T> {
  const server = await openPostgres(pgAdminUrl as string, { max: 1 })
  try {
    return await run(server)
  } finally {
    await server.close()
  }
}

export interface TestDatabase {
  name: string
  url: string
  /** A pool on it (opened by the helper, closed after the file's tests). */
  pg: OpenPostgres
}

/**
 * A database of the test file's own, dropped after its tests: a copy of the
 * migrated template (CREATE DATABASE … TEMPLATE, a few milliseconds), or an
 * empty one with `{ empty: true }`. Call at the top of a describePg block.
 */
export function testDatabase(options: { empty?: boolean } = {}): TestDatabase {
  const handle = {} as TestDatabase
  beforeAll(async () => {
    const name = `t_${randomBytes(6).toString('hex')}`
    await onAdmin((server) =>
      server.pool.query(
        options.empty ? `CREATE DATABASE ${name}` : `CREATE DATABASE ${name} TEMPLATE ${TEMPLATE_DATABASE}`,
      ),
    )
    handle.name = name
    handle.url = databaseUrl(pgAdminUrl as string, name)
    handle.pg = await openPostgres(handle.url)
  })
  afterAll(async () => {
    if (!handle.name) return
    await handle.pg?.close()
    await onAdmin((server) => server.pool.query(`DROP DATABASE IF EXISTS ${handle.name} WITH (FORCE)`))
  })
  return handle
}
